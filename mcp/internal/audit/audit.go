// Package audit writes one JSON line per tool call, resource read and prompt
// request the MCP server answers: what was asked (sizes and SHA-256 hashes of the
// arguments rather than their text), how long it took, how it ended and how many
// items came back. It is receiving middleware, so no handler can forget it, and it
// never records row contents or secrets: events and other lists are reduced to a
// count and a hash even with full auditing on.
package audit

import (
	"context"
	"encoding/json"
	"io"
	"sync"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/sigmakql/sigmakql/mcp/internal/toolkit"
)

// Entry is one audit line.
type Entry struct {
	Time       string         `json:"time"`
	Method     string         `json:"method"`
	Session    string         `json:"session,omitempty"` // the HTTP session; empty on stdio
	Tool       string         `json:"tool,omitempty"`
	Prompt     string         `json:"prompt,omitempty"`
	URI        string         `json:"uri,omitempty"`
	Params     map[string]any `json:"params,omitempty"`
	DurationMS float64        `json:"duration_ms"`
	Outcome    string         `json:"outcome"` // ok, error (a tool error) or rejected (a protocol error)
	ErrorCode  string         `json:"error_code,omitempty"`
	Counts     map[string]int `json:"counts,omitempty"`
}

// Logger writes audit entries as JSON lines. It is safe for concurrent use.
type Logger struct {
	mu   sync.Mutex
	enc  *json.Encoder
	full bool
	now  func() time.Time
}

// New returns a Logger writing to w. With full set, rule and query text is logged
// verbatim; lists such as events never are.
func New(w io.Writer, full bool) *Logger {
	return &Logger{enc: json.NewEncoder(w), full: full, now: time.Now}
}

// audited lists the methods that do work on a caller's behalf; handshakes and
// listings are not audited.
var audited = map[string]bool{"tools/call": true, "resources/read": true, "prompts/get": true}

// Middleware returns receiving middleware that audits each call it passes on. It
// must be the outermost middleware so that it sees the final, normalized result.
func (l *Logger) Middleware(next sdk.MethodHandler) sdk.MethodHandler {
	return func(ctx context.Context, method string, req sdk.Request) (sdk.Result, error) {
		if !audited[method] {
			return next(ctx, method, req)
		}
		start := l.now()
		res, err := next(ctx, method, req)
		e := l.describe(method, req)
		e.Time = start.UTC().Format(time.RFC3339Nano)
		e.DurationMS = float64(l.now().Sub(start).Microseconds()) / 1000
		describeOutcome(&e, res, err)
		l.write(e)
		return res, err
	}
}

// describe fills in what was asked.
func (l *Logger) describe(method string, req sdk.Request) Entry {
	e := Entry{Method: method}
	if s := req.GetSession(); s != nil {
		e.Session = s.ID()
	}
	switch r := req.(type) {
	case *sdk.CallToolRequest:
		if r.Params != nil {
			e.Tool = r.Params.Name
			e.Params = Sanitize(r.Params.Arguments, l.full)
		}
	case *sdk.ReadResourceRequest:
		if r.Params != nil {
			e.URI = truncate(r.Params.URI, maxVerbatim)
		}
	case *sdk.GetPromptRequest:
		if r.Params != nil {
			e.Prompt = r.Params.Name
			e.Params = sanitizePromptArgs(r.Params.Arguments)
		}
	}
	return e
}

// describeOutcome fills in how the call ended.
func describeOutcome(e *Entry, res sdk.Result, err error) {
	if err != nil {
		e.Outcome = "rejected"
		return
	}
	e.Outcome = "ok"
	r, ok := res.(*sdk.CallToolResult)
	if !ok {
		return
	}
	if r.IsError {
		e.Outcome = "error"
		e.ErrorCode = string(toolkit.ErrorCode(r))
		return
	}
	e.Counts = Counts(r.StructuredContent)
}

func (l *Logger) write(e Entry) {
	l.mu.Lock()
	defer l.mu.Unlock()
	_ = l.enc.Encode(e) // an unwritable audit sink must not fail the call
}
