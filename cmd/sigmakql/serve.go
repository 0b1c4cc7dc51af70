package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/sigmakql/sigmakql/mcp"
)

func init() {
	register(&command{
		name:    "serve",
		usage:   "serve [--http ADDR [--allow-remote --token-file FILE]] [--rules-dir DIR]... [--audit-full]",
		summary: "Serve the MCP tools over stdio (default) or streamable HTTP.",
		run:     runServe,
	})
}

// serveFlags are the parsed flags of serve.
type serveFlags struct {
	http        string
	allowRemote bool
	tokenFile   string
	rulesDirs   listFlag
	auditFull   bool
}

func runServe(e *env, args []string) int {
	c := commands["serve"]
	fs := newFlagSet(e, c)
	var f serveFlags
	fs.StringVar(&f.http, "http", "", "serve streamable HTTP on `ADDR` (host:port; an empty host means 127.0.0.1) instead of stdio")
	fs.BoolVar(&f.allowRemote, "allow-remote", false, "allow a non-loopback --http address (requires --token-file)")
	fs.StringVar(&f.tokenFile, "token-file", "", "require the bearer token in `FILE` on every HTTP request")
	fs.Var(&f.rulesDirs, "rules-dir", "allow sigma_path arguments to read rules under `DIR` (repeatable)")
	fs.BoolVar(&f.auditFull, "audit-full", false, "log rule and query text in the audit log instead of sizes and hashes")
	if code, ok := parseFlags(e, c, fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "sigmakql serve: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, e, &f); err != nil {
		fmt.Fprintf(e.stderr, "sigmakql serve: %v\n", err)
		return exitUsage
	}
	return exitOK
}

// serve runs the server until the client leaves (stdio EOF) or ctx ends.
func serve(ctx context.Context, e *env, f *serveFlags) error {
	if f.allowRemote && f.tokenFile == "" {
		return errors.New("--allow-remote requires --token-file")
	}
	token, err := readToken(f.tokenFile)
	if err != nil {
		return err
	}
	srv, err := mcp.New(mcp.Options{Version: "dev", RulesDirs: f.rulesDirs.values, AuditFull: f.auditFull, Log: e.stderr})
	if err != nil {
		return err
	}
	defer srv.Close()
	if f.http == "" {
		if token != "" {
			return errors.New("--token-file needs --http: stdio has no requests to authenticate")
		}
		return srv.ServeStdio(ctx, e.stdin, e.stdout)
	}
	ln, err := mcp.Listen(mcp.HTTPConfig{Addr: f.http, AllowRemote: f.allowRemote, Token: token})
	if err != nil {
		return err
	}
	// Announce the address as a JSON line, like everything else on stderr, so
	// that a log shipper reading the audit lines can read this one too.
	slog.New(slog.NewJSONHandler(e.stderr, nil)).Info("sigmakql serve: streamable HTTP", "url", "http://"+ln.Addr().String()+"/")
	return srv.ServeStreamableHTTP(ctx, ln, token)
}

// readToken returns the bearer token in path, trimmed of surrounding white space.
func readToken(path string) (string, error) {
	if path == "" {
		return "", nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("--token-file: %w", err)
	}
	token := strings.TrimSpace(string(b))
	if token == "" {
		return "", fmt.Errorf("--token-file %s is empty", path)
	}
	return token, nil
}
