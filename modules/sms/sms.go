// Package sms sends the one-time login codes. A Sender delivers one code to
// one phone; Console, the default, writes it into the server log, clearly
// marked, for a demo and for a village without an SMS contract; Aliyun
// sends it through Alibaba Cloud's SMS service (aliyun.go). The code is a
// secret: only a Sender ever sees it, and only Console writes it down.
package sms

import (
	"context"
	"fmt"
	"io"
	"sync"
)

// Sender delivers a login code to a phone. Errors never carry the code.
type Sender interface {
	Send(ctx context.Context, phone, code string) error
	// Name says which sender this is, for the start-up log.
	Name() string
}

// ConsoleMark starts every line the console sender writes, so an operator
// (or a test) finds the codes in the log and nothing else looks like one.
const ConsoleMark = "[短信验证码 console sender]"

// Console writes each code as one line to W:
// "[短信验证码 console sender] 138****0001: 123456".
type Console struct {
	mu sync.Mutex
	W  io.Writer
}

// Send writes the line.
func (c *Console) Send(_ context.Context, phone, code string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, err := fmt.Fprintf(c.W, "%s %s: %s\n", ConsoleMark, Mask(phone), code)
	return err
}

// Name is "console".
func (c *Console) Name() string { return "console" }

// Mask hides the middle of a phone number (138****0001), as Chinese
// services print it: enough to tell whose code it is on a demo screen.
func Mask(phone string) string {
	if len(phone) != 11 {
		return "***"
	}
	return phone[:3] + "****" + phone[7:]
}
