// Package web holds what every module's HTTP layer shares: the one JSON error
// shape, request decoding with validation, and the mapping of domain errors
// to HTTP statuses. Handlers stay thin by leaning on it.
package web

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"
)

// FieldError is the message for one invalid field, in both languages.
type FieldError struct {
	Message   string `json:"message"`
	MessageEn string `json:"message_en"`
}

// Error is every failure the API returns:
// {"error": {"code", "message", "message_en", "fields"}}.
type Error struct {
	Status    int                   `json:"-"`
	Code      string                `json:"code"`
	Message   string                `json:"message"`
	MessageEn string                `json:"message_en"`
	Fields    map[string]FieldError `json:"fields,omitempty"`
	// Details is what the client needs to act on a refusal, e.g. the list
	// of unconfirmed counts a close would leave out.
	Details any `json:"details,omitempty"`
	cause   error
}

func (e *Error) Error() string {
	if e.cause != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.MessageEn, e.cause)
	}
	return e.Code + ": " + e.MessageEn
}

func (e *Error) Unwrap() error { return e.cause }

// Wrap keeps the underlying cause for logs without showing it to the client.
func (e *Error) Wrap(cause error) *Error {
	c := *e
	c.cause = cause
	return &c
}

// New makes an API error.
func New(status int, code, zh, en string) *Error {
	return &Error{Status: status, Code: code, Message: zh, MessageEn: en}
}

// Errors shared across modules.
var (
	ErrMalformed       = New(fiber.StatusBadRequest, "malformed_json", "请求内容不是有效的 JSON", "The request body is not valid JSON")
	ErrInvalid         = New(fiber.StatusUnprocessableEntity, "invalid_fields", "有些内容填写不正确", "Some fields are not valid")
	ErrUnauthenticated = New(fiber.StatusUnauthorized, "unauthenticated", "请先登录", "Please log in first")
	ErrForbidden       = New(fiber.StatusForbidden, "forbidden", "您没有权限做这件事", "You are not allowed to do this")
	ErrNotFound        = New(fiber.StatusNotFound, "not_found", "找不到该内容", "Not found")
	ErrConflict        = New(fiber.StatusConflict, "conflict", "内容已存在或已被修改", "It already exists or was changed meanwhile")
	ErrCSRF            = New(fiber.StatusForbidden, "csrf", "页面已过期，请刷新后重试", "The page has expired; reload and try again")
	ErrTooLarge        = New(fiber.StatusRequestEntityTooLarge, "too_large", "提交的内容太大", "The request is too large")
	ErrTooMany         = New(fiber.StatusTooManyRequests, "too_many_requests", "尝试次数太多，请稍后再试", "Too many attempts; try again later")
	ErrInternal        = New(fiber.StatusInternalServerError, "internal", "系统出错了，请稍后再试", "Something went wrong; try again later")
	ErrUnavailable     = New(fiber.StatusServiceUnavailable, "unavailable", "服务暂时不可用", "The service is unavailable")
)

// Forbidden is a 403 that names the rule that refused the request.
func Forbidden(zh, en string) *Error {
	return New(fiber.StatusForbidden, "forbidden", zh, en)
}

// AsError converts any error into the API error a client sees. Unknown
// errors become 500 and keep their cause for the log.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var fe *fiber.Error
	if errors.As(err, &fe) {
		switch fe.Code {
		case fiber.StatusNotFound:
			return ErrNotFound
		case fiber.StatusMethodNotAllowed:
			return New(fe.Code, "method_not_allowed", "不支持该请求方法", "Method not allowed")
		case fiber.StatusRequestEntityTooLarge:
			return ErrTooLarge
		case fiber.StatusBadRequest:
			return New(fe.Code, "bad_request", "请求有误", "Bad request: "+fe.Message)
		default:
			if fe.Code < 500 {
				return New(fe.Code, "http_error", "请求有误", fe.Message)
			}
		}
	}
	return ErrInternal.Wrap(err)
}

// ErrorHandler is Fiber's error handler: every failure leaves in one shape.
func ErrorHandler(log func(c *fiber.Ctx, e *Error)) fiber.ErrorHandler {
	return func(c *fiber.Ctx, err error) error {
		e := AsError(err)
		if log != nil {
			log(c, e)
		}
		return c.Status(e.Status).JSON(fiber.Map{"error": e})
	}
}

// WithDetails is the error carrying what the client needs to act on it.
func (e *Error) WithDetails(d any) *Error {
	c := *e
	c.Details = d
	return &c
}

// OnField is the error with its message also under one field, so a form
// shows it next to the field it concerns.
func (e *Error) OnField(field string) *Error {
	c := *e
	c.Fields = map[string]FieldError{}
	for k, v := range e.Fields {
		c.Fields[k] = v
	}
	c.Fields[field] = FieldError{Message: e.Message, MessageEn: e.MessageEn}
	return &c
}
