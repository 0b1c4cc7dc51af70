package toolkit

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// MethodCallTool is the JSON-RPC method of a tool call.
const MethodCallTool = "tools/call"

// Guard returns receiving middleware that makes every tool call end in a tool
// result: a panic becomes internal_error, a plain handler error becomes
// internal_error, the SDK's own argument-validation failures become invalid_input,
// and every error result carries its Error under MetaKey. Protocol errors the SDK
// raises on purpose (an unknown tool) pass through. Panics in other methods become
// a JSON-RPC internal error instead of killing the process.
func Guard(logger *slog.Logger) sdk.Middleware {
	return func(next sdk.MethodHandler) sdk.MethodHandler {
		return func(ctx context.Context, method string, req sdk.Request) (res sdk.Result, err error) {
			defer func() {
				if r := recover(); r != nil {
					logger.Error("panic in handler", "method", method, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
					res, err = panicResult(method)
				}
			}()
			res, err = next(ctx, method, req)
			if method != MethodCallTool {
				return res, err
			}
			return normalize(res, err)
		}
	}
}

// panicResult is what a caller sees after a handler panicked.
func panicResult(method string) (sdk.Result, error) {
	if method == MethodCallTool {
		return ErrorResult(Errorf(InternalError, "the tool failed unexpectedly; the server is still running")), nil
	}
	return nil, &jsonrpc.Error{Code: jsonrpc.CodeInternalError, Message: "internal error"}
}

// normalize turns the outcome of a tool call into a coded tool result.
func normalize(res sdk.Result, err error) (sdk.Result, error) {
	if err != nil {
		var wire *jsonrpc.Error
		if errors.As(err, &wire) {
			return nil, err
		}
		return ErrorResult(Errorf(InternalError, "%v", err)), nil
	}
	r, ok := res.(*sdk.CallToolResult)
	if !ok || r == nil || !r.IsError {
		return res, nil
	}
	if cause := r.GetError(); cause != nil {
		var e *Error
		if errors.As(cause, &e) {
			return ErrorResult(e), nil
		}
		// The SDK rejected the arguments before our handler ran.
		return ErrorResult(Errorf(InvalidInput, "%v", cause)), nil
	}
	return res, nil
}

// ErrorResult builds the tool result for e: isError, a text saying what went wrong
// and the Error itself under MetaKey for machines.
func ErrorResult(e *Error) *sdk.CallToolResult {
	r := &sdk.CallToolResult{
		Content: []sdk.Content{&sdk.TextContent{Text: e.Error()}},
		Meta:    sdk.Meta{MetaKey: e},
	}
	r.SetError(e)
	return r
}

// ErrorCode returns the code of an error result built by ErrorResult, or "".
func ErrorCode(r *sdk.CallToolResult) Code {
	if r == nil || !r.IsError {
		return ""
	}
	var e *Error
	if errors.As(r.GetError(), &e) {
		return e.Code
	}
	return ""
}
