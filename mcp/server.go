// Package mcp serves sigmakql to AI agents over the Model Context Protocol: typed,
// read-only tools that convert Sigma rules to KQL, lint them, validate KQL against
// the Log Analytics schemas and test rules on sample events, plus resources (table
// schemas, pipelines, the modifier reference) and prompts for the usual workflow.
//
// The package is a thin layer over the compiler packages, built on
// github.com/modelcontextprotocol/go-sdk. Cross-cutting concerns live in receiving
// middleware, outermost first: the audit log, the argument-size limit, a bound on
// concurrent tool calls, and the guard that turns panics and argument errors into
// coded tool results. Tools live one per
// file under internal/tools.
package mcp

import (
	"io"
	"log/slog"
	"runtime"
	"sync"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/sigmakql/sigmakql/mcp/internal/audit"
	"github.com/sigmakql/sigmakql/mcp/internal/prompts"
	"github.com/sigmakql/sigmakql/mcp/internal/resources"
	"github.com/sigmakql/sigmakql/mcp/internal/toolkit"
	"github.com/sigmakql/sigmakql/mcp/internal/tools"
	"github.com/sigmakql/sigmakql/schema"
)

// Options configures a Server.
type Options struct {
	// Version is reported to clients in the initialize handshake.
	Version string
	// RulesDirs are the only directories sigma_path arguments may read from; with
	// none, sigma_path is refused.
	RulesDirs []string
	// AuditFull logs rule and query text verbatim instead of its size and hash.
	AuditFull bool
	// Log receives the audit lines and the server's own log, as JSON lines. It is
	// stderr in the CLI: stdout belongs to the protocol.
	Log io.Writer
}

// Server is a configured MCP server, ready to serve any number of sessions.
type Server struct {
	sdk    *sdk.Server
	rules  *tools.RulesDirs
	logger *slog.Logger
}

const instructions = `sigmakql compiles Sigma detection rules to KQL for Microsoft Sentinel and checks KQL against the real Log Analytics schemas. ` +
	`A typical loop: check_sigma_rule, convert_sigma_to_kql, validate_kql_against_schema on the result, then test_sigma_rule with sample events. ` +
	`Every tool is read-only. Failed calls have isError set and a code (invalid_input, conversion_error, unsupported_rule, schema_validation_error, limit_exceeded, internal_error) at the start of the text and under _meta["sigmakql/error"].`

// New builds a server with every tool, resource and prompt registered.
func New(opts Options) (*Server, error) {
	rules, err := tools.OpenRulesDirs(opts.RulesDirs)
	if err != nil {
		return nil, err
	}
	w := opts.Log
	if w == nil {
		w = io.Discard
	}
	w = &lockedWriter{w: w}
	logger := slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
	version := opts.Version
	if version == "" {
		version = "dev"
	}
	s := sdk.NewServer(&sdk.Implementation{Name: "sigmakql", Title: "sigmakql", Version: version},
		&sdk.ServerOptions{Instructions: instructions, Logger: logger, Capabilities: &sdk.ServerCapabilities{}})
	env := &tools.Env{Rules: rules, Schema: schema.Default()}
	tools.Register(s, env)
	resources.Register(s, env.Schema)
	prompts.Register(s)
	s.AddReceivingMiddleware(audit.New(w, opts.AuditFull).Middleware, toolkit.CheckArgumentSize,
		toolkit.LimitConcurrency(4*runtime.GOMAXPROCS(0)), toolkit.Guard(logger))
	return &Server{sdk: s, rules: rules, logger: logger}, nil
}

// SDK returns the underlying go-sdk server, for connecting transports directly
// (tests use in-memory transports).
func (s *Server) SDK() *sdk.Server { return s.sdk }

// Close releases the rules directories; call it once serving has ended, since
// sigma_path arguments fail afterwards.
func (s *Server) Close() error { return s.rules.Close() }

// ToolNames returns the names of the tools every server registers, sorted.
func ToolNames() []string { return tools.Names() }

// lockedWriter serializes writes from the audit log and the logger, so lines
// never interleave.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
