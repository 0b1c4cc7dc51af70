package toolkit

import (
	"context"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// LimitConcurrency returns receiving middleware that lets at most n tool calls
// run at once; the others wait their turn (or until their request is cancelled).
// Each call may hold a few megabytes of arguments and events, so an unbounded
// burst from a client would cost memory without finishing any sooner on a
// machine with few cores.
func LimitConcurrency(n int) sdk.Middleware {
	slots := make(chan struct{}, max(n, 1))
	return func(next sdk.MethodHandler) sdk.MethodHandler {
		return func(ctx context.Context, method string, req sdk.Request) (sdk.Result, error) {
			if method != MethodCallTool {
				return next(ctx, method, req)
			}
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			defer func() { <-slots }()
			return next(ctx, method, req)
		}
	}
}
