package account

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/bson"

	"yishi/modules/web"
)

// SetPassword gives an account a new password and ends its sessions: a
// forgotten password may be one someone else found. The account itself
// asked (a code proved it), so the audit line names it alone.
func (s *Service) SetPassword(ctx context.Context, accountID, password string) error {
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	if _, err := s.accounts().UpdateOne(ctx, bson.M{"_id": accountID}, bson.M{"$set": bson.M{"password_hash": hash}}); err != nil {
		return fmt.Errorf("set password of %s: %w", accountID, err)
	}
	s.accountsByID.drop(accountID)
	if err := s.EndSessionsOf(ctx, accountID); err != nil {
		return err
	}
	return s.audit.Write(ctx, s.store.Shared(), web.Actor{AccountID: accountID}, "account.password_reset", accountID, "")
}

// EndSessionsOf ends every session of the account.
func (s *Service) EndSessionsOf(ctx context.Context, accountID string) error {
	s.sessionsByID.dropIf(func(sess Session) bool { return sess.AccountID == accountID })
	for b := 0; b < sessionBuckets; b++ {
		if _, err := s.sessions(fmt.Sprintf("%02x", b)).DeleteMany(ctx, bson.M{"account_id": accountID}); err != nil {
			return fmt.Errorf("end sessions of %s: %w", accountID, err)
		}
	}
	return nil
}
