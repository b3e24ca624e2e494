package account

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/bson"
)

// SetPassword gives an account a new password and ends its sessions: a
// forgotten password may be one someone else found.
func (s *Service) SetPassword(ctx context.Context, accountID, password string) error {
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	if _, err := s.accounts().UpdateOne(ctx, bson.M{"_id": accountID}, bson.M{"$set": bson.M{"password_hash": hash}}); err != nil {
		return fmt.Errorf("set password of %s: %w", accountID, err)
	}
	s.accountsByID.drop(accountID)
	return s.EndSessionsOf(ctx, accountID)
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
