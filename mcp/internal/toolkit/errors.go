// Package toolkit is the small machinery every sigmakql MCP tool shares: typed
// registration on the go-sdk server with read-only annotations, input limits checked
// before any work, tool errors that carry a stable code, and the middleware that
// turns panics and SDK-level argument errors into coded tool results, so that one
// bad call never becomes a protocol failure or affects the next.
package toolkit

import (
	"errors"
	"fmt"

	"github.com/sigmakql/sigmakql/diag"
)

// Code is the stable machine-readable kind of a failed tool call. Clients branch
// on codes, never on messages.
type Code string

// The codes a tool result may carry in its error.
const (
	InvalidInput          Code = "invalid_input"           // arguments missing, malformed or not allowed
	ConversionError       Code = "conversion_error"        // the rule could not be read or compiled
	UnsupportedRule       Code = "unsupported_rule"        // the rule is valid Sigma the target cannot express
	SchemaValidationError Code = "schema_validation_error" // the query does not parse or names unknown tables
	LimitExceeded         Code = "limit_exceeded"          // an input is larger than the server accepts
	InternalError         Code = "internal_error"          // a bug in sigmakql; the call is safe to retry elsewhere
)

// MetaKey is the _meta key under which an error result carries its Error as JSON,
// so clients read the code without parsing text.
const MetaKey = "sigmakql/error"

// Error is a failed tool call: a code, a message for the human or agent, and the
// diagnostics that explain it (for example the exact reason a rule is unsupported).
type Error struct {
	Code        Code              `json:"code"`
	Message     string            `json:"message"`
	Diagnostics []diag.Diagnostic `json:"diagnostics,omitempty"`
}

// Error formats the error as "code: message" followed by one diagnostic per line.
func (e *Error) Error() string {
	s := string(e.Code) + ": " + e.Message
	for _, d := range e.Diagnostics {
		s += "\n" + d.String()
	}
	return s
}

// Errorf returns an Error with the given code and formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// WithDiagnostics returns an Error with code and message that lists ds.
func WithDiagnostics(code Code, message string, ds diag.List) *Error {
	return &Error{Code: code, Message: message, Diagnostics: ds}
}

// AsError returns err as an *Error, and nil for nil. Errors that are not an
// *Error become an internal_error, because a handler that fails without a code is
// a bug.
func AsError(err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Errorf(InternalError, "%v", err)
}
