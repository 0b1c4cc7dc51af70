package toolkit

import (
	"context"
	"unicode/utf8"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// Input limits. They are checked before any parsing or compiling, so an oversized
// call costs the server almost nothing.
const (
	MaxSigmaChars    = 50_000  // characters of one Sigma document
	MaxKQLChars      = 10_000  // characters of one KQL query
	MaxEvents        = 1_000   // sample events per test call
	MaxArgumentBytes = 4 << 20 // bytes of one call's whole arguments object
	MaxNameChars     = 256     // characters of a table, pipeline or search name
)

// CheckChars returns limit_exceeded when value is longer than max characters.
func CheckChars(field, value string, max int) error {
	if len(value) <= max {
		return nil // a string is never longer in characters than in bytes
	}
	if n := utf8.RuneCountInString(value); n > max {
		return Errorf(LimitExceeded, "%s is %d characters; the limit is %d", field, n, max)
	}
	return nil
}

// CheckCount returns limit_exceeded when a list has more than max items.
func CheckCount(field string, n, max int) error {
	if n > max {
		return Errorf(LimitExceeded, "%s has %d items; the limit is %d", field, n, max)
	}
	return nil
}

// CheckArgumentSize is receiving middleware that refuses a tool call whose raw
// arguments exceed MaxArgumentBytes before the SDK decodes them.
func CheckArgumentSize(next sdk.MethodHandler) sdk.MethodHandler {
	return func(ctx context.Context, method string, req sdk.Request) (sdk.Result, error) {
		if call, ok := req.(*sdk.CallToolRequest); ok && call.Params != nil {
			if n := len(call.Params.Arguments); n > MaxArgumentBytes {
				return ErrorResult(Errorf(LimitExceeded, "the arguments are %d bytes; the limit is %d", n, MaxArgumentBytes)), nil
			}
		}
		return next(ctx, method, req)
	}
}
