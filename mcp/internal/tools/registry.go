// Package tools holds the sigmakql MCP tools, one file per tool. Each file declares
// its typed input and output and registers a handler from init, so adding a tool
// touches no other file; the machinery (schemas, limits, error codes, read-only
// annotations) lives in package toolkit.
package tools

import (
	"context"
	"sort"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/sigmakql/sigmakql/mcp/internal/toolkit"
	"github.com/sigmakql/sigmakql/schema"
)

// Env is what a tool may use of the server's configuration.
type Env struct {
	// Rules confines sigma_path arguments; a nil Rules refuses every path.
	Rules *RulesDirs
	// Schema is the table catalogue tools check against.
	Schema *schema.Schema
}

// registration adds one tool to a server.
type registration struct {
	name string
	add  func(s *sdk.Server, env *Env)
}

var registry []registration

// register records a tool; it is called from each tool file's init.
func register[In any, Out toolkit.Output](t *sdk.Tool, h func(ctx context.Context, env *Env, in In) (Out, error)) {
	registry = append(registry, registration{name: t.Name, add: func(s *sdk.Server, env *Env) {
		toolkit.Add(s, t, func(ctx context.Context, in In) (Out, error) { return h(ctx, env, in) })
	}})
}

// Register adds every tool to s, in name order so listings are stable.
func Register(s *sdk.Server, env *Env) {
	sorted := append([]registration(nil), registry...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].name < sorted[j].name })
	for _, r := range sorted {
		r.add(s, env)
	}
}

// Names returns the names of the registered tools, sorted.
func Names() []string {
	names := make([]string, len(registry))
	for i, r := range registry {
		names[i] = r.name
	}
	sort.Strings(names)
	return names
}
