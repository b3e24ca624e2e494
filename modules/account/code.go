package account

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/web"
)

// Login codes: six digits sent to the phone of an account, good for one
// login (or one password reset) within their lifetime. A code is stored
// only as its argon2id hash, like a password, so a copy of the store does
// not hand out logins; a new code replaces the phone's last one; wrong
// tries are counted on the code (it is dropped at the limit) and on the
// phone, by the login lock-out that wrong passwords feed.

const collLoginCodes = "login_codes"

// ErrInvalidCode is the one answer to a wrong, used, expired or never sent
// code, whether the phone has an account or not.
var ErrInvalidCode = web.New(401, "invalid_code",
	"验证码不对或已失效（验证码只能用一次，过时作废），请重新获取",
	"Wrong or expired code (a code works once, for a few minutes); ask for a new one")

type loginCode struct {
	Phone     string    `bson:"_id"`
	Hash      string    `bson:"hash"`
	Tries     int       `bson:"tries"`
	ExpiresAt time.Time `bson:"expires_at"`
}

// codes keeps the login codes on its own clock (the app's, which tests move).
type codes struct {
	svc      *Service
	ttl      time.Duration
	maxTries int
	now      func() time.Time
}

func (k *codes) coll() *mongo.Collection { return k.svc.store.Shared().Collection(collLoginCodes) }

// newCode is six random digits, 000000 to 999999, evenly.
func newCode() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1000000))
	if err != nil {
		return "", fmt.Errorf("random code: %w", err)
	}
	return fmt.Sprintf("%06d", n.Int64()), nil
}

// issue makes a code for phone when it has an account; ok is false (and
// the work the same) when it has none.
func (k *codes) issue(ctx context.Context, phone string) (code string, ok bool, err error) {
	code, err = newCode()
	if err != nil {
		return "", false, err
	}
	hash, err := HashPassword(code)
	if err != nil {
		return "", false, err
	}
	if _, err := k.svc.ByPhone(ctx, phone); errors.Is(err, ErrAccountNotFound) {
		return "", false, nil
	} else if err != nil {
		return "", false, err
	}
	rec := loginCode{Phone: phone, Hash: hash, ExpiresAt: k.now().UTC().Add(k.ttl).Truncate(time.Millisecond)}
	if _, err := k.coll().ReplaceOne(ctx, bson.M{"_id": phone}, rec, options.Replace().SetUpsert(true)); err != nil {
		return "", false, fmt.Errorf("store login code: %w", err)
	}
	return code, true, nil
}

// use checks code against phone's live code and uses it up: a right code
// works once, even when two requests bring it at the same moment. Each try
// is counted before the code is checked (one atomic update that refuses
// once the tries are spent), so guesses sent at once cannot all be checked
// before the count catches up with them.
func (k *codes) use(ctx context.Context, phone, code string) (Account, error) {
	var rec loginCode
	err := k.coll().FindOneAndUpdate(ctx,
		bson.M{"_id": phone, "tries": bson.M{"$lt": k.maxTries}, "expires_at": bson.M{"$gt": k.now().UTC()}},
		bson.M{"$inc": bson.M{"tries": 1}}, options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&rec)
	if errors.Is(err, mongo.ErrNoDocuments) {
		_, _ = CheckPassword(dummyHash, code) // the same time as a wrong code
		return Account{}, ErrInvalidCode
	}
	if err != nil {
		return Account{}, fmt.Errorf("find login code: %w", err)
	}
	ok, err := CheckPassword(rec.Hash, code)
	if err != nil {
		return Account{}, fmt.Errorf("check login code: %w", err)
	}
	if !ok {
		if rec.Tries >= k.maxTries {
			if _, err := k.coll().DeleteOne(ctx, bson.M{"_id": phone, "hash": rec.Hash}); err != nil {
				return Account{}, fmt.Errorf("drop spent login code: %w", err)
			}
		}
		return Account{}, ErrInvalidCode
	}
	res, err := k.coll().DeleteOne(ctx, bson.M{"_id": phone, "hash": rec.Hash})
	if err != nil {
		return Account{}, fmt.Errorf("use login code: %w", err)
	}
	if res.DeletedCount != 1 {
		return Account{}, ErrInvalidCode // another request used it first
	}
	return k.svc.ByPhone(ctx, phone)
}
