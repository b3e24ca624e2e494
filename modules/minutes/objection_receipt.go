package minutes

import "strings"

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
