package sms

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// The worked example of Alibaba Cloud SMS's signature document (HTTP协议及签名):
// these parameters with AccessKey secret testSecret sign to the published value.
func TestAliyunSignatureMatchesTheDocumentedExample(t *testing.T) {
	params := map[string]string{
		"AccessKeyId": "testId", "Action": "SendSms", "Format": "XML", "OutId": "123", "PhoneNumbers": "15300000001",
		"RegionId": "cn-hangzhou", "SignName": "阿里云短信测试专用", "SignatureMethod": "HMAC-SHA1",
		"SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466", "SignatureVersion": "1.0", "TemplateCode": "SMS_71390007",
		"TemplateParam": `{"customer":"test"}`, "Timestamp": "2017-07-12T02:42:19Z", "Version": "2017-05-25",
	}
	if got, want := Sign("GET", CanonicalQuery(params), "testSecret"), "zJDF+Lrzhj/ThnlvIToysFRq6t4="; got != want {
		t.Fatalf("signature %s, want the documented %s", got, want)
	}
}

// aliyunServer answers like SendSms: it recomputes the signature from the
// query it got with the secret, and answers code (OK, or a refusal).
func aliyunServer(t *testing.T, secret, code string, got *[]string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		sig := q.Get("Signature")
		params := map[string]string{}
		for k := range q {
			if k != "Signature" {
				params[k] = q.Get(k)
			}
		}
		if Sign(r.Method, CanonicalQuery(params), secret) != sig {
			w.WriteHeader(400)
			_, _ = w.Write([]byte(`{"Code":"SignatureDoesNotMatch","Message":"Specified signature is not matched","RequestId":"r1"}`))
			return
		}
		*got = append(*got, params["PhoneNumbers"]+" "+params["TemplateParam"]+" "+params["TemplateCode"]+" "+params["SignName"]+" "+params["Action"])
		_, _ = w.Write([]byte(`{"Code":"` + code + `","Message":"m","RequestId":"r2","BizId":"b"}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestAliyunSendsASignedRequest(t *testing.T) {
	var got []string
	srv := aliyunServer(t, "s3cret", "OK", &got)
	a := &Aliyun{Endpoint: srv.URL + "/", KeyID: "id1", KeySecret: "s3cret", SignName: "东田村委会", Template: "SMS_1",
		Now: func() time.Time { return time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC) }}
	if err := a.Send(context.Background(), "13800000001", "123456"); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != `13800000001 {"code":"123456"} SMS_1 东田村委会 SendSms` {
		t.Fatalf("the service got %q", got)
	}
}

// A wrong secret or a refusal is an error that names the service's code and
// never the login code.
func TestAliyunRefusalIsAnErrorWithoutTheCode(t *testing.T) {
	var got []string
	for _, c := range []struct{ secret, answer, want string }{
		{"other", "OK", "SignatureDoesNotMatch"},
		{"s3cret", "isv.BUSINESS_LIMIT_CONTROL", "isv.BUSINESS_LIMIT_CONTROL"},
	} {
		srv := aliyunServer(t, "s3cret", c.answer, &got)
		a := &Aliyun{Endpoint: srv.URL + "/", KeyID: "id1", KeySecret: c.secret, SignName: "x", Template: "SMS_1"}
		err := a.Send(context.Background(), "13800000001", "654321")
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "654321") {
			t.Fatalf("secret %s, answer %s: error %v", c.secret, c.answer, err)
		}
	}
	a := &Aliyun{Endpoint: "http://127.0.0.1:1/", KeyID: "id1", KeySecret: "s", SignName: "x", Template: "SMS_1"}
	if err := a.Send(context.Background(), "13800000001", "654321"); err == nil || strings.Contains(err.Error(), "654321") {
		t.Fatalf("unreachable service: error %v", err)
	}
}

func TestConsoleWritesOneMarkedLine(t *testing.T) {
	var buf bytes.Buffer
	c := &Console{W: &buf}
	if err := c.Send(context.Background(), "13800000001", "123456"); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != "[短信验证码 console sender] 138****0001: 123456\n" {
		t.Fatalf("console wrote %q", got)
	}
}
