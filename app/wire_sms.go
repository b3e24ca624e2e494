package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"yishi/modules/sms"
)

// SMSConfig is how login codes are sent (README, configuration): by the
// console sender, into the server log, unless an SMS provider is set up.
type SMSConfig struct {
	Sender    string // console or aliyun
	Endpoint  string
	KeyID     string
	KeySecret string // from the environment only: a flag shows in ps
	SignName  string
	Template  string
	CodeTTL   time.Duration
	Every     time.Duration
	PerPhone  int
	PerIP     int
	// Out is where the console sender writes; nil is stderr, beside the
	// log. Tests give it a buffer to read the codes from.
	Out io.Writer
}

func smsFlags(fs *flag.FlagSet, c *SMSConfig) {
	fs.StringVar(&c.Sender, "sms", envOr("YISHI_SMS", "console"), "who sends login codes: console (into the server log) or aliyun (env YISHI_SMS)")
	fs.StringVar(&c.Endpoint, "sms-endpoint", envOr("YISHI_SMS_ENDPOINT", sms.AliyunEndpoint), "the SMS provider's API address (env YISHI_SMS_ENDPOINT)")
	fs.StringVar(&c.KeyID, "sms-key-id", os.Getenv("YISHI_SMS_KEY_ID"), "the provider's AccessKey ID (env YISHI_SMS_KEY_ID; the secret only from YISHI_SMS_KEY_SECRET)")
	fs.StringVar(&c.SignName, "sms-sign-name", os.Getenv("YISHI_SMS_SIGN_NAME"), "the registered SMS signature, e.g. 东田村委会 (env YISHI_SMS_SIGN_NAME)")
	fs.StringVar(&c.Template, "sms-template", os.Getenv("YISHI_SMS_TEMPLATE"), "the registered template with a ${code} variable, e.g. SMS_123456789 (env YISHI_SMS_TEMPLATE)")
	fs.DurationVar(&c.CodeTTL, "code-ttl", envDuration("YISHI_CODE_TTL", 5*time.Minute), "how long a login code lasts (env YISHI_CODE_TTL)")
	fs.DurationVar(&c.Every, "code-every", envDuration("YISHI_CODE_EVERY", time.Minute), "the wait between two codes to one phone (env YISHI_CODE_EVERY)")
	fs.IntVar(&c.PerPhone, "code-per-phone", envInt("YISHI_CODE_PER_PHONE", 5), "login codes an hour to one phone (env YISHI_CODE_PER_PHONE)")
	fs.IntVar(&c.PerIP, "code-per-ip", envInt("YISHI_CODE_PER_IP", 100), "login codes an hour asked from one address, which a meeting may share (env YISHI_CODE_PER_IP)")
	c.KeySecret = os.Getenv("YISHI_SMS_KEY_SECRET")
}

func envDuration(key string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(key)); err == nil && d > 0 {
		return d
	}
	return def
}

func (c SMSConfig) check() error {
	switch c.Sender {
	case "console":
	case "aliyun":
		if c.KeyID == "" || c.KeySecret == "" || c.SignName == "" || c.Template == "" {
			return fmt.Errorf("-sms aliyun needs -sms-key-id, YISHI_SMS_KEY_SECRET, -sms-sign-name and -sms-template")
		}
	default:
		return fmt.Errorf("-sms %q: want console or aliyun", c.Sender)
	}
	if c.CodeTTL <= 0 || c.Every <= 0 || c.PerPhone <= 0 || c.PerIP <= 0 {
		return fmt.Errorf("-code-ttl, -code-every, -code-per-phone and -code-per-ip must be above zero")
	}
	return nil
}

// sender is the configured sender of login codes.
func (c SMSConfig) sender() sms.Sender {
	if c.Sender == "aliyun" {
		return &sms.Aliyun{Endpoint: c.Endpoint, KeyID: c.KeyID, KeySecret: c.KeySecret, SignName: c.SignName, Template: c.Template}
	}
	out := c.Out
	if out == nil {
		out = os.Stderr
	}
	return &sms.Console{W: out}
}
