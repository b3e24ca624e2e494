package sms

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// AliyunEndpoint is Alibaba Cloud's SMS API (dysmsapi, version 2017-05-25).
const AliyunEndpoint = "https://dysmsapi.aliyuncs.com/"

// Aliyun sends codes with Alibaba Cloud SMS's SendSms, signed per its RPC
// signature (version 1.0, HMAC-SHA1 over the sorted, percent-encoded query;
// https://help.aliyun.com/document_detail/101343.html). The template is one
// the village registered with Alibaba Cloud, with a ${code} variable.
type Aliyun struct {
	Endpoint  string // AliyunEndpoint when empty; a test server in tests
	KeyID     string // AccessKey ID
	KeySecret string // AccessKey secret
	SignName  string // the registered signature (签名), e.g. 东田村委会
	Template  string // the template code, e.g. SMS_123456789
	Client    *http.Client
	Now       func() time.Time
	Nonce     func() string
}

// Name is "aliyun".
func (a *Aliyun) Name() string { return "aliyun" }

// Send asks the service to send the template with code to phone.
func (a *Aliyun) Send(ctx context.Context, phone, code string) error {
	param, _ := json.Marshal(map[string]string{"code": code})
	now, nonce := time.Now, randomNonce
	if a.Now != nil {
		now = a.Now
	}
	if a.Nonce != nil {
		nonce = a.Nonce
	}
	params := map[string]string{
		"AccessKeyId": a.KeyID, "Action": "SendSms", "Format": "JSON", "PhoneNumbers": phone,
		"RegionId": "cn-hangzhou", "SignName": a.SignName, "SignatureMethod": "HMAC-SHA1",
		"SignatureNonce": nonce(), "SignatureVersion": "1.0", "TemplateCode": a.Template,
		"TemplateParam": string(param), "Timestamp": now().UTC().Format("2006-01-02T15:04:05Z"), "Version": "2017-05-25",
	}
	query := CanonicalQuery(params)
	endpoint := a.Endpoint
	if endpoint == "" {
		endpoint = AliyunEndpoint
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet,
		endpoint+"?Signature="+percentEncode(Sign(http.MethodGet, query, a.KeySecret))+"&"+query, nil)
	if err != nil {
		return fmt.Errorf("aliyun sms: %w", err)
	}
	client := a.Client
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		// The error names the address, whose query holds the code: keep it out.
		return fmt.Errorf("aliyun sms: request failed")
	}
	defer resp.Body.Close()
	var out struct{ Code, Message, RequestId string }
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<16)).Decode(&out); err != nil {
		return fmt.Errorf("aliyun sms: HTTP %d, unreadable answer", resp.StatusCode)
	}
	if out.Code != "OK" {
		return fmt.Errorf("aliyun sms: HTTP %d, %s: %s (request %s)", resp.StatusCode, out.Code, out.Message, out.RequestId)
	}
	return nil
}

// CanonicalQuery is the parameters sorted by name, each name and value
// percent-encoded, joined by & (step 1 of the signature).
func CanonicalQuery(params map[string]string) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = percentEncode(k) + "=" + percentEncode(params[k])
	}
	return strings.Join(parts, "&")
}

// Sign is Base64(HMAC-SHA1(secret+"&", method&%2F&encode(query))).
func Sign(method, query, secret string) string {
	toSign := method + "&" + percentEncode("/") + "&" + percentEncode(query)
	mac := hmac.New(sha1.New, []byte(secret+"&"))
	mac.Write([]byte(toSign))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// percentEncode is RFC 3986 encoding as the signature wants it: space as
// %20, * as %2A, ~ kept.
func percentEncode(s string) string {
	e := url.QueryEscape(s)
	return strings.NewReplacer("+", "%20", "*", "%2A", "%7E", "~").Replace(e)
}

func randomNonce() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
