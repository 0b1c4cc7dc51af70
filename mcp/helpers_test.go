package mcp_test

import (
	"bytes"
	"context"
	"encoding/json"
	"sync"
	"testing"

	"github.com/google/jsonschema-go/jsonschema"
	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/sigmakql/sigmakql/mcp"
	"github.com/sigmakql/sigmakql/mcp/internal/toolkit"
)

// syncBuffer is a bytes.Buffer safe to read while the server writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// session is a client connected in memory to a fresh server.
type session struct {
	cs  *sdk.ClientSession
	log *syncBuffer
	// outputSchemas holds each tool's declared output schema, resolved.
	outputSchemas map[string]*jsonschema.Resolved
}

// connect starts a server with opts and connects a go-sdk client to it in memory.
func connect(t *testing.T, opts mcp.Options) *session {
	t.Helper()
	log := &syncBuffer{}
	opts.Log = log
	srv, err := mcp.New(opts)
	if err != nil {
		t.Fatalf("mcp.New: %v", err)
	}
	t.Cleanup(func() { srv.Close() })
	ct, st := sdk.NewInMemoryTransports()
	ctx := context.Background()
	ss, err := srv.SDK().Connect(ctx, st, nil)
	if err != nil {
		t.Fatalf("server connect: %v", err)
	}
	t.Cleanup(func() { ss.Close() })
	client := sdk.NewClient(&sdk.Implementation{Name: "test", Version: "1"}, nil)
	cs, err := client.Connect(ctx, ct, nil)
	if err != nil {
		t.Fatalf("client connect: %v", err)
	}
	t.Cleanup(func() { cs.Close() })
	return &session{cs: cs, log: log, outputSchemas: outputSchemas(t, cs)}
}

// outputSchemas lists the tools and resolves each declared output schema.
func outputSchemas(t *testing.T, cs *sdk.ClientSession) map[string]*jsonschema.Resolved {
	t.Helper()
	res, err := cs.ListTools(context.Background(), nil)
	if err != nil {
		t.Fatalf("ListTools: %v", err)
	}
	out := map[string]*jsonschema.Resolved{}
	for _, tool := range res.Tools {
		if tool.OutputSchema == nil {
			continue
		}
		var s jsonschema.Schema
		remarshal(t, tool.OutputSchema, &s)
		r, err := s.Resolve(nil)
		if err != nil {
			t.Fatalf("%s: output schema does not resolve: %v", tool.Name, err)
		}
		out[tool.Name] = r
	}
	return out
}

// call calls a tool and fails the test on a protocol error. A successful result's
// structured content is validated against the tool's declared output schema.
func (s *session) call(t *testing.T, name string, args any) *sdk.CallToolResult {
	t.Helper()
	res, err := s.cs.CallTool(context.Background(), &sdk.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s: protocol error: %v", name, err)
	}
	if !res.IsError {
		s.validateOutput(t, name, res)
	}
	return res
}

func (s *session) validateOutput(t *testing.T, name string, res *sdk.CallToolResult) {
	t.Helper()
	schema, ok := s.outputSchemas[name]
	if !ok {
		t.Fatalf("%s: no output schema", name)
	}
	var v any
	remarshal(t, res.StructuredContent, &v)
	if err := schema.Validate(v); err != nil {
		t.Errorf("%s: structured output does not match its schema: %v\n%s", name, err, mustJSON(t, v))
	}
	if len(res.Content) == 0 {
		t.Errorf("%s: no text content", name)
	}
}

// decode unmarshals a result's structured content into out.
func decode(t *testing.T, res *sdk.CallToolResult, out any) {
	t.Helper()
	if res.IsError {
		t.Fatalf("unexpected tool error: %s", text(res))
	}
	remarshal(t, res.StructuredContent, out)
}

// errorCode returns the code an error result carries in _meta, checking that the
// text starts with it too.
func errorCode(t *testing.T, res *sdk.CallToolResult) toolkit.Code {
	t.Helper()
	if !res.IsError {
		t.Fatalf("expected an error result, got success: %s", text(res))
	}
	var e toolkit.Error
	remarshal(t, res.Meta[toolkit.MetaKey], &e)
	if got := text(res); len(got) < len(e.Code) || got[:len(e.Code)] != string(e.Code) {
		t.Errorf("error text %q does not start with its code %q", got, e.Code)
	}
	return e.Code
}

func text(res *sdk.CallToolResult) string {
	var b bytes.Buffer
	for _, c := range res.Content {
		if tc, ok := c.(*sdk.TextContent); ok {
			b.WriteString(tc.Text)
		}
	}
	return b.String()
}

func remarshal(t *testing.T, in, out any) {
	t.Helper()
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatalf("unmarshal %s: %v", b, err)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
