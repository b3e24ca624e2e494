package minutes

import (
	"context"
	"strings"

	"yishi/modules/web"
)

// objectionInput is an objection: its text, and the receipt code of a
// ballot the resident did not find in the published ballot box of a vote the
// notice announces (issue 21 (6)). Either may be alone: a missing receipt is
// an objection in itself.
type objectionInput struct {
	Text           string `json:"text" validate:"required_without=MissingReceipt,max=2000"`
	MissingReceipt string `json:"missing_receipt" validate:"omitempty,receipt"`
}

// missingReceiptText stands for the text when the resident gave only a code.
const missingReceiptText = "我的回执不在公布的票箱清单中。My receipt is not in the published ballot box."

func (in *objectionInput) normalise() {
	in.MissingReceipt = strings.ToUpper(in.MissingReceipt)
	if strings.TrimSpace(in.Text) == "" && in.MissingReceipt != "" {
		in.Text = missingReceiptText
	}
}

// ErrReceiptInBox refuses an objection citing a receipt that is in the box.
var ErrReceiptInBox = web.New(422, "receipt_in_box",
	"这个回执码在公布的票箱清单中，这张票已经计入。请核对是否输错了表决或回执码",
	"This receipt code is in the published ballot box: the ballot was counted. Check the vote and the code").OnField("missing_receipt")

// receiptMissing refuses an objection citing a receipt the notice's vote
// did count. Stored beside the objector, such a code would tie them to
// their secret ballot (the box keeps each receipt's hash with its choice);
// one the box does not hold ties them to nothing.
func (s *Service) receiptMissing(ctx context.Context, villageID string, n Notice, code string) error {
	if code == "" || n.VoteID == "" || s.votes == nil {
		return nil
	}
	rc, err := s.votes.CheckReceipt(ctx, villageID, n.VoteID, code)
	if err != nil {
		return err
	}
	if rc.Found {
		return ErrReceiptInBox
	}
	return nil
}
