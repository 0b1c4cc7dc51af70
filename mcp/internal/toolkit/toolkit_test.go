package toolkit_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/sigmakql/sigmakql/mcp/internal/toolkit"
)

type echoIn struct {
	Text string `json:"text"`
	Mode string `json:"mode,omitempty"`
}

func (in echoIn) Check() error { return toolkit.CheckChars("text", in.Text, 10) }

type echoOut struct {
	Text string `json:"text"`
}

func (out echoOut) Summary() string { return "echo: " + out.Text }

// echo fails in the way Mode asks, so every path through the guard is exercised.
func echo(_ context.Context, in echoIn) (echoOut, error) {
	switch in.Mode {
	case "panic":
		panic("boom")
	case "plain-error":
		return echoOut{}, errors.New("forgot to wrap")
	case "coded":
		return echoOut{}, toolkit.Errorf(toolkit.SchemaValidationError, "bad query")
	}
	return echoOut{Text: in.Text}, nil
}

func connect(t *testing.T) *sdk.ClientSession {
	t.Helper()
	s := sdk.NewServer(&sdk.Implementation{Name: "test", Version: "1"}, nil)
	toolkit.Add(s, &sdk.Tool{Name: "echo", Description: "echo"}, echo)
	s.AddReceivingMiddleware(toolkit.CheckArgumentSize, toolkit.Guard(slog.New(slog.NewTextHandler(io.Discard, nil))))
	ct, st := sdk.NewInMemoryTransports()
	ctx := context.Background()
	ss, err := s.Connect(ctx, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ss.Close() })
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "c", Version: "1"}, nil).Connect(ctx, ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cs.Close() })
	return cs
}

func TestGuard(t *testing.T) {
	cs := connect(t)
	tests := []struct {
		name string
		args map[string]any
		want toolkit.Code // "" for success
	}{
		{"ok", map[string]any{"text": "hi"}, ""},
		{"panic", map[string]any{"text": "hi", "mode": "panic"}, toolkit.InternalError},
		{"plain error", map[string]any{"text": "hi", "mode": "plain-error"}, toolkit.InternalError},
		{"coded error", map[string]any{"text": "hi", "mode": "coded"}, toolkit.SchemaValidationError},
		{"schema violation", map[string]any{"text": 3}, toolkit.InvalidInput},
		{"limit", map[string]any{"text": strings.Repeat("x", 11)}, toolkit.LimitExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := cs.CallTool(context.Background(), &sdk.CallToolParams{Name: "echo", Arguments: tt.args})
			if err != nil {
				t.Fatalf("protocol error: %v", err)
			}
			if got := metaCode(t, res); got != tt.want {
				t.Errorf("code %q, want %q", got, tt.want)
			}
			// The server survives and answers the next call normally.
			res, err = cs.CallTool(context.Background(), &sdk.CallToolParams{Name: "echo", Arguments: map[string]any{"text": "again"}})
			if err != nil || res.IsError {
				t.Fatalf("next call failed: %v %v", err, res)
			}
		})
	}
}

func TestAnnotations(t *testing.T) {
	cs := connect(t)
	res, err := cs.ListTools(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	a := res.Tools[0].Annotations
	if a == nil || !a.ReadOnlyHint || !a.IdempotentHint || a.OpenWorldHint == nil || *a.OpenWorldHint {
		t.Errorf("annotations %+v", a)
	}
}

func metaCode(t *testing.T, res *sdk.CallToolResult) toolkit.Code {
	t.Helper()
	if !res.IsError {
		return ""
	}
	b, _ := json.Marshal(res.Meta[toolkit.MetaKey])
	var e toolkit.Error
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatalf("error result without %s: %v", toolkit.MetaKey, res.Meta)
	}
	return e.Code
}
