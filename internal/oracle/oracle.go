// Package oracle runs Microsoft's Kusto.Language parser (../shared/tools/kql-oracle,
// a Node program) as the referee in conformance tests: it says whether KQL text is
// valid and, given a schema, which tables and columns do not resolve. Tests that need
// it call Find and skip when it is not installed; `make oracle` installs it.
package oracle

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
)

// Diagnostic is one Kusto.Language diagnostic; Start and Length are character
// offsets into the query.
type Diagnostic struct {
	Code     string `json:"code"`
	Severity string `json:"severity"`
	Category string `json:"category"`
	Message  string `json:"message"`
	Start    int    `json:"start"`
	Length   int    `json:"length"`
}

// Result is the oracle's verdict on one query.
type Result struct {
	ID             string       `json:"id"`
	OK             bool         `json:"ok"`
	Error          string       `json:"error,omitempty"`
	SyntaxErrors   []Diagnostic `json:"syntax_errors"`
	SemanticErrors []Diagnostic `json:"semantic_errors"`
	Unresolved     []string     `json:"unresolved,omitempty"`
}

// Query is one input to the oracle.
type Query struct {
	ID    string `json:"id"`
	Query string `json:"query"`
}

// Options select the oracle's mode.
type Options struct {
	Schema  string // path of a schema JSON file: enables semantic analysis
	Columns bool   // report column references (--columns)
	Procs   int    // parallel Node processes; 0 means runtime.NumCPU()
}

// Find returns the directory holding an installed kql-check.js: $SIGMAKQL_ORACLE,
// else .cache/kql-oracle at the repository root. It fails when node or the
// installed package is missing.
func Find() (string, error) {
	if _, err := exec.LookPath("node"); err != nil {
		return "", errors.New("node is not installed")
	}
	var candidates []string
	if d := os.Getenv("SIGMAKQL_ORACLE"); d != "" {
		candidates = append(candidates, d)
	}
	if root, err := repoRoot(); err == nil {
		candidates = append(candidates, filepath.Join(root, ".cache", "kql-oracle"))
	}
	for _, d := range candidates {
		if _, err := os.Stat(filepath.Join(d, "node_modules", "@kusto", "language-service-next")); err == nil {
			return d, nil
		}
	}
	return "", errors.New("kql-oracle is not installed (run 'make oracle' or set SIGMAKQL_ORACLE)")
}

func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// Check runs the oracle in dir over queries and returns one result per query, in
// input order. Work is split over opts.Procs Node processes.
func Check(dir string, queries []Query, opts Options) ([]Result, error) {
	procs := opts.Procs
	if procs <= 0 {
		procs = runtime.NumCPU()
	}
	if procs > len(queries) {
		procs = max(len(queries), 1)
	}
	results := make([]Result, len(queries))
	errs := make([]error, procs)
	var wg sync.WaitGroup
	chunk := (len(queries) + procs - 1) / max(procs, 1)
	for p := 0; p < procs; p++ {
		lo, hi := p*chunk, min((p+1)*chunk, len(queries))
		if lo >= hi {
			continue
		}
		wg.Add(1)
		go func(p, lo, hi int) {
			defer wg.Done()
			errs[p] = checkChunk(dir, queries[lo:hi], results[lo:hi], opts)
		}(p, lo, hi)
	}
	wg.Wait()
	return results, errors.Join(errs...)
}

func checkChunk(dir string, queries []Query, out []Result, opts Options) error {
	args := []string{filepath.Join(dir, "kql-check.js")}
	if opts.Schema != "" {
		args = append(args, "--schema", opts.Schema)
	}
	if opts.Columns {
		args = append(args, "--columns")
	}
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	for _, q := range queries {
		if err := enc.Encode(q); err != nil {
			return err
		}
	}
	cmd := exec.Command("node", args...)
	cmd.Stdin = &in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("oracle: %v: %s", err, stderr.String())
	}
	sc := bufio.NewScanner(bytes.NewReader(stdout))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	i := 0
	for sc.Scan() {
		if i >= len(out) {
			return errors.New("oracle: more results than queries")
		}
		if err := json.Unmarshal(sc.Bytes(), &out[i]); err != nil {
			return fmt.Errorf("oracle: result %d: %v", i, err)
		}
		i++
	}
	if i != len(out) {
		return fmt.Errorf("oracle: %d results for %d queries", i, len(out))
	}
	return sc.Err()
}
