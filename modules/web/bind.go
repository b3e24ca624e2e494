package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/go-playground/validator/v10"
	"github.com/gofiber/fiber/v2"
)

// Validator validates request structs and explains failures in Chinese and
// English. Field names in errors are the JSON names clients sent.
type Validator struct {
	v *validator.Validate
	// Now is the clock date windows are measured from (dates.go); nil is
	// the wall clock.
	Now func() time.Time
}

// NewValidator builds the validator with the project's custom tags.
func NewValidator() *Validator {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name := strings.SplitN(f.Tag.Get("json"), ",", 2)[0]
		if name == "-" {
			return ""
		}
		return name
	})
	_ = v.RegisterValidation("phone", func(fl validator.FieldLevel) bool {
		return IsPhone(fl.Field().String())
	})
	_ = v.RegisterValidation("orgpath", func(fl validator.FieldLevel) bool {
		return IsOrgPath(fl.Field().String())
	})
	_ = v.RegisterValidation("code", func(fl validator.FieldLevel) bool {
		return IsCode(fl.Field().String())
	})
	_ = v.RegisterValidation("receipt", func(fl validator.FieldLevel) bool {
		return IsReceiptCode(fl.Field().String())
	})
	val := &Validator{v: v}
	_ = v.RegisterValidation("window", val.window)
	return val
}

// IsReceiptCode accepts a vote's receipt code: 20 letters and digits of
// base32 (A–Z, 2–7), in either case.
func IsReceiptCode(s string) bool {
	if len(s) != 20 {
		return false
	}
	for _, r := range strings.ToUpper(s) {
		if (r < 'A' || r > 'Z') && (r < '2' || r > '7') {
			return false
		}
	}
	return true
}

// IsPhone accepts a mainland mobile number: 11 digits starting with 1.
func IsPhone(s string) bool {
	if len(s) != 11 || s[0] != '1' {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// IsCode accepts a short lowercase identifier: a-z, 0-9, '-', 1 to 32 long,
// starting with a letter. Org codes and body IDs use it.
func IsCode(s string) bool {
	if len(s) == 0 || len(s) > 32 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// IsOrgPath accepts "/" or "/a/b" where each segment is a code.
func IsOrgPath(s string) bool {
	if s == "/" {
		return true
	}
	if !strings.HasPrefix(s, "/") {
		return false
	}
	for _, seg := range strings.Split(s[1:], "/") {
		if !IsCode(seg) {
			return false
		}
	}
	return true
}

// Struct validates v; a failure is a 422 with per-field messages.
func (val *Validator) Struct(v any) error {
	err := val.v.Struct(v)
	if err == nil {
		return nil
	}
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		return ErrInvalid.Wrap(err)
	}
	out := *ErrInvalid
	out.Fields = map[string]FieldError{}
	for _, fe := range verrs {
		name := fieldPath(fe)
		out.Fields[name] = explain(fe)
	}
	return &out
}

func fieldPath(fe validator.FieldError) string {
	ns := fe.Namespace()
	if i := strings.Index(ns, "."); i >= 0 {
		return ns[i+1:]
	}
	return fe.Field()
}

// explain turns a validation failure into a message a resident understands.
func explain(fe validator.FieldError) FieldError {
	p := fe.Param()
	switch fe.Tag() {
	case "required", "required_without":
		return FieldError{"必须填写", "is required"}
	case "receipt":
		return FieldError{"回执码应该是 20 个字母和数字（A–Z、2–7）", "must be a receipt code: 20 letters and digits (A–Z, 2–7)"}
	case "phone":
		return FieldError{"请填写11位手机号码", "must be an 11-digit mobile number"}
	case "orgpath":
		return FieldError{"组织路径格式不正确，例如 /gz/hd", "must be an org path such as /gz/hd"}
	case "code":
		return FieldError{"只能用小写字母、数字和短横线，以字母开头", "must be lowercase letters, digits or '-', starting with a letter"}
	case "min":
		if fe.Kind() == reflect.String {
			return FieldError{fmt.Sprintf("至少%s个字", p), fmt.Sprintf("must be at least %s characters", p)}
		}
		return FieldError{fmt.Sprintf("不能小于%s", p), fmt.Sprintf("must be at least %s", p)}
	case "max":
		if fe.Kind() == reflect.String {
			return FieldError{fmt.Sprintf("最多%s个字", p), fmt.Sprintf("must be at most %s characters", p)}
		}
		return FieldError{fmt.Sprintf("不能大于%s", p), fmt.Sprintf("must be at most %s", p)}
	case "oneof":
		return FieldError{"只能是以下之一：" + p, "must be one of: " + p}
	case "datetime":
		return FieldError{"日期格式应为 " + p, "must be a date like " + p}
	case "window":
		if w, ok := DateWindows[p]; ok {
			return FieldError{w.Zh, w.En}
		}
		return FieldError{"日期不在合理范围内", "is not a sensible date"}
	default:
		return FieldError{"填写不正确", "is not valid (" + fe.Tag() + ")"}
	}
}

// Bind decodes the JSON body into v (unknown fields refused), holds every
// string in it to the text rule (text.go) and validates it.
func (val *Validator) Bind(c *fiber.Ctx, v any) error {
	dec := json.NewDecoder(bytes.NewReader(c.Body()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) && ute.Field != "" {
			out := *ErrInvalid
			out.Fields = map[string]FieldError{ute.Field: {"类型不正确，应为 " + ute.Type.String(), "must be of type " + ute.Type.String()}}
			return &out
		}
		if msg := err.Error(); strings.HasPrefix(msg, "json: unknown field ") {
			field := strings.Trim(strings.TrimPrefix(msg, "json: unknown field "), `"`)
			out := *ErrInvalid
			out.Fields = map[string]FieldError{field: {"不认识这个字段", "is not a known field"}}
			return &out
		}
		return ErrMalformed.Wrap(err)
	}
	if dec.More() {
		return ErrMalformed
	}
	if bad := cleanStrings(v); bad != nil {
		out := *ErrInvalid
		out.Fields = bad
		return &out
	}
	return val.Struct(v)
}
