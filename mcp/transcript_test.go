package mcp_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/internal/golden"
	"github.com/sigmakql/sigmakql/mcp"
)

// Transcript files hold one conversation each:
//
//	-- client --     JSON-RPC messages, one per line, sent in order; a string
//	                 "@NAME" is replaced by the text of the section NAME
//	-- NAME --       inputs such as rules, kept readable
//	-- server --     the server's responses, one indented JSON object each,
//	                 ordered by request id (the golden part, rewritten by -update)
const (
	clientSection = "client"
	serverSection = "server"
)

func TestTranscripts(t *testing.T) {
	golden.Run(t, filepath.Join("..", "testdata", "mcp", "*.txtar"), runTranscript)
}

func runTranscript(t *testing.T, f *golden.File) {
	sections := map[string]string{}
	for _, s := range f.Archive.Files {
		sections[s.Name] = string(s.Data)
	}
	input := clientMessages(t, sections)
	srv, err := mcp.New(mcp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	var out bytes.Buffer
	if err := srv.ServeStdio(context.Background(), strings.NewReader(input), &out); err != nil {
		t.Fatalf("ServeStdio: %v", err)
	}
	f.Compare(t, serverSection, formatResponses(t, out.String()))
}

// clientMessages returns the client section with "@NAME" strings replaced.
func clientMessages(t *testing.T, sections map[string]string) string {
	t.Helper()
	var b strings.Builder
	for _, line := range strings.Split(sections[clientSection], "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var msg any
		if err := json.Unmarshal([]byte(line), &msg); err != nil {
			t.Fatalf("client line is not JSON: %q", line)
		}
		enc, err := json.Marshal(substitute(t, msg, sections))
		if err != nil {
			t.Fatal(err)
		}
		b.Write(enc)
		b.WriteByte('\n')
	}
	return b.String()
}

func substitute(t *testing.T, v any, sections map[string]string) any {
	switch x := v.(type) {
	case string:
		if name, ok := strings.CutPrefix(x, "@"); ok {
			text, found := sections[name]
			if !found {
				t.Fatalf("no section %q", name)
			}
			return text
		}
	case map[string]any:
		for k, e := range x {
			x[k] = substitute(t, e, sections)
		}
	case []any:
		for i, e := range x {
			x[i] = substitute(t, e, sections)
		}
	}
	return v
}

// formatResponses indents each response and orders them by id, since the server
// may answer concurrent requests in any order.
func formatResponses(t *testing.T, out string) string {
	t.Helper()
	type response struct {
		id   string
		text string
	}
	var rs []response
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		var head struct {
			ID json.RawMessage `json:"id"`
		}
		if err := json.Unmarshal([]byte(line), &head); err != nil {
			t.Fatalf("server wrote a line that is not JSON: %q", line)
		}
		var buf bytes.Buffer
		if err := json.Indent(&buf, []byte(line), "", "  "); err != nil {
			t.Fatal(err)
		}
		rs = append(rs, response{id: string(head.ID), text: buf.String()})
	}
	sort.SliceStable(rs, func(i, j int) bool {
		if len(rs[i].id) != len(rs[j].id) {
			return len(rs[i].id) < len(rs[j].id)
		}
		return rs[i].id < rs[j].id
	})
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(r.text)
		b.WriteString("\n")
	}
	return b.String()
}
