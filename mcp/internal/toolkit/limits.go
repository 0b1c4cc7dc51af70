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
	MaxArgumentDepth = 128     // nesting of objects and arrays in one call's arguments
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
// arguments exceed MaxArgumentBytes or nest deeper than MaxArgumentDepth, before
// the SDK decodes and validates them recursively.
func CheckArgumentSize(next sdk.MethodHandler) sdk.MethodHandler {
	return func(ctx context.Context, method string, req sdk.Request) (sdk.Result, error) {
		if call, ok := req.(*sdk.CallToolRequest); ok && call.Params != nil {
			args := call.Params.Arguments
			if n := len(args); n > MaxArgumentBytes {
				return ErrorResult(Errorf(LimitExceeded, "the arguments are %d bytes; the limit is %d", n, MaxArgumentBytes)), nil
			}
			if jsonDepthExceeds(args, MaxArgumentDepth) {
				return ErrorResult(Errorf(LimitExceeded, "the arguments nest deeper than %d levels", MaxArgumentDepth)), nil
			}
		}
		return next(ctx, method, req)
	}
}

// jsonDepthExceeds reports whether JSON text nests objects and arrays deeper than
// max, reading only the brackets outside strings.
func jsonDepthExceeds(b []byte, max int) bool {
	depth, inString, escaped := 0, false, false
	for _, c := range b {
		switch {
		case escaped:
			escaped = false
		case inString:
			escaped = c == '\\'
			inString = c != '"'
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			if depth++; depth > max {
				return true
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return false
}
