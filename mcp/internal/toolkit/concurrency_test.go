package toolkit_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/sigmakql/sigmakql/mcp/internal/toolkit"
)

func TestLimitConcurrency(t *testing.T) {
	const limit, calls = 2, 8
	var running, peak atomic.Int32
	handler := toolkit.LimitConcurrency(limit)(func(ctx context.Context, method string, req sdk.Request) (sdk.Result, error) {
		n := running.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
		running.Add(-1)
		return &sdk.CallToolResult{}, nil
	})
	var wg sync.WaitGroup
	for range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := handler(context.Background(), toolkit.MethodCallTool, &sdk.CallToolRequest{}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if p := peak.Load(); p > limit || p == 0 {
		t.Errorf("peak concurrency %d, limit %d", p, limit)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	blocked := toolkit.LimitConcurrency(1)
	hold := make(chan struct{})
	h := blocked(func(context.Context, string, sdk.Request) (sdk.Result, error) {
		<-hold
		return &sdk.CallToolResult{}, nil
	})
	go h(context.Background(), toolkit.MethodCallTool, &sdk.CallToolRequest{})
	time.Sleep(10 * time.Millisecond)
	if _, err := h(ctx, toolkit.MethodCallTool, &sdk.CallToolRequest{}); err == nil {
		t.Error("a cancelled call waiting for a slot did not give up")
	}
	close(hold)
}
