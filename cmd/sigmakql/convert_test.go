package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sigmakql/sigmakql/internal/golden"
	"github.com/sigmakql/sigmakql/internal/oracle"
	"github.com/sigmakql/sigmakql/schema"
)

// TestConvertGolden runs each testdata/convert/*.txtar: its files are written to
// a temporary directory, the "args" section is run there, and the exit code,
// stdout and stderr are compared with the golden sections (-update rewrites them).
func TestConvertGolden(t *testing.T) {
	golden.Run(t, "../../testdata/convert/*.txtar", func(t *testing.T, f *golden.File) {
		runCLICase(t, f, strings.Fields(f.Section("args")))
	})
}

const cmdRule = `title: Suspicious cmd
id: 5f0c3c55-0f4a-4a55-9d59-000000000001
logsource:
    product: windows
    category: process_creation
detection:
    selection:
        Image|endswith: '\cmd.exe'
        CommandLine|contains: '/c whoami'
    condition: selection
`

const unsupportedRule = `title: Unknown source
id: 5f0c3c55-0f4a-4a55-9d59-000000000002
logsource:
    product: nosuchproduct
    service: nosuchservice
detection:
    selection:
        Foo: bar
    condition: selection
`

func TestConvertJSONLRecords(t *testing.T) {
	dir := t.TempDir()
	writeTestFile(t, filepath.Join(dir, "a.yml"), cmdRule)
	writeTestFile(t, filepath.Join(dir, "b.yml"), unsupportedRule)
	code, stdout, stderr := runCLI(t, "", "convert", "-f", "jsonl", dir)
	if code != exitFindings {
		t.Errorf("exit %d, want %d (one rule unsupported)", code, exitFindings)
	}
	if !strings.Contains(stderr, "b.yml") {
		t.Errorf("stderr does not name the unsupported rule:\n%s", stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 records, got %d:\n%s", len(lines), stdout)
	}
	var recs []convertResult
	for _, l := range lines {
		var keys map[string]any
		if err := json.Unmarshal([]byte(l), &keys); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"file", "id", "title", "ok", "table", "queries", "diagnostics"} {
			if _, ok := keys[k]; !ok {
				t.Errorf("record lacks %q: %s", k, l)
			}
		}
		var r convertResult
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	if !recs[0].OK || len(recs[0].Queries) != 1 || recs[1].OK || len(recs[1].Diagnostics.Errors()) == 0 {
		t.Errorf("records: %+v", recs)
	}
	if code, _, _ := runCLI(t, "", "convert", "--skip-unsupported", "-f", "jsonl", dir); code != exitOK {
		t.Errorf("--skip-unsupported: exit %d", code)
	}
}

func TestConvertOutputDirectory(t *testing.T) {
	dir := t.TempDir()
	writeTestFile(t, filepath.Join(dir, "rules", "a.yml"), cmdRule)
	writeTestFile(t, filepath.Join(dir, "rules", "sub", "a.yml"), cmdRule)
	writeTestFile(t, filepath.Join(dir, "rules", "b.yml"), unsupportedRule)
	out := filepath.Join(dir, "out") + "/"
	code, _, stderr := runCLI(t, "", "convert", "-o", out, "--skip-unsupported", filepath.Join(dir, "rules"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if diff := cmp.Diff([]string{"a.kql", "a_2.kql"}, names); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	data, err := os.ReadFile(filepath.Join(out, "a.kql"))
	if err != nil || !strings.Contains(string(data), "| where ") {
		t.Errorf("a.kql: %v\n%s", err, data)
	}
}

func TestConvertUsageErrors(t *testing.T) {
	dir := t.TempDir()
	rule := filepath.Join(dir, "a.yml")
	writeTestFile(t, rule, cmdRule)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no path", []string{"convert"}, "no PATH"},
		{"missing path", []string{"convert", filepath.Join(dir, "nope.yml")}, "no such file"},
		{"bad format", []string{"convert", "-f", "xml", rule}, "unknown format"},
		{"unknown pipeline", []string{"convert", "-p", "azure_monitr", rule}, "azure_monitor"},
		{"bad placeholder", []string{"convert", "-P", "novalue", rule}, "name=v1,v2"},
		{"bad option", []string{"convert", "-O", "fields=everything", rule}, "fields="},
		{"json into a directory", []string{"convert", "-f", "json", "-o", dir + "/out/", rule}, "needs -f kql"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, "", tt.args...)
			if code != exitUsage || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d mentioning %q", code, stderr, exitUsage, tt.want)
			}
		})
	}
}

func TestConvertOutputFile(t *testing.T) {
	dir := t.TempDir()
	writeTestFile(t, filepath.Join(dir, "a.yml"), cmdRule)
	out := filepath.Join(dir, "rules.kql")
	code, stdout, stderr := runCLI(t, "", "convert", "-o", out, filepath.Join(dir, "a.yml"))
	if code != exitOK || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil || !strings.HasPrefix(string(data), "// Suspicious cmd\n") {
		t.Errorf("%s: %v\n%s", out, err, data)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestConvertStandardInput(t *testing.T) {
	code, stdout, stderr := runCLI(t, cmdRule, "convert", "-O", "header=false", "-")
	if code != exitOK || !strings.Contains(stdout, "| where ") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	code, stdout, _ = runCLI(t, cmdRule, "convert", "-f", "jsonl", "-")
	if code != exitOK || !strings.Contains(stdout, `"file":"-"`) {
		t.Errorf("exit %d, stdout %q", code, stdout)
	}
}

// TestConvertGoldenQueriesPassOracle runs every query in the testdata/convert
// goldens through Kusto.Language with the Log Analytics schema snapshot; it skips
// when the oracle is not installed.
func TestConvertGoldenQueriesPassOracle(t *testing.T) {
	dir, err := oracle.Find()
	if err != nil {
		t.Skip(err)
	}
	paths, _ := filepath.Glob("../../testdata/convert/*.txtar")
	var queries []oracle.Query
	for _, path := range paths {
		f := golden.Read(t, path)
		for i, q := range goldenQueries(t, f.Section("args"), f.Section("stdout")) {
			queries = append(queries, oracle.Query{ID: fmt.Sprintf("%s#%d", filepath.Base(path), i), Query: q})
		}
	}
	results, err := oracle.Check(dir, queries, oracle.Options{Schema: oracleSchema(t)})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range results {
		if !r.OK && !strings.Contains(queries[i].Query, "MyApp_CL") { // a user pipeline's custom table
			t.Errorf("%s: Kusto.Language rejects\n%s\nsyntax: %+v\nsemantic: %+v", r.ID, queries[i].Query, r.SyntaxErrors, r.SemanticErrors)
		}
	}
}

// goldenQueries extracts the queries of one golden's stdout in its format.
func goldenQueries(t *testing.T, args, stdout string) []string {
	t.Helper()
	var out []string
	switch {
	case strings.Contains(args, "-f jsonl"):
		for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
			var r convertResult
			if line != "" && json.Unmarshal([]byte(line), &r) == nil {
				out = append(out, r.Queries...)
			}
		}
	case strings.Contains(args, "-f json"):
		var doc struct{ Rules []convertResult }
		if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
			t.Fatal(err)
		}
		for _, r := range doc.Rules {
			out = append(out, r.Queries...)
		}
	default:
		for _, q := range strings.Split(strings.TrimSpace(stdout), "\n\n") {
			if q != "" {
				out = append(out, q)
			}
		}
	}
	return out
}

// oracleSchema writes the schema snapshot for the oracle, with Sentinel's
// _GetWatchlist function that watchlist placeholders call.
func oracleSchema(t *testing.T) string {
	t.Helper()
	var buf bytes.Buffer
	if err := schema.Default().WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	doc["functions"] = map[string]any{
		"_GetWatchlist": map[string]string{"params": "(watchlistAlias:string)", "body": "{ datatable(SearchKey:string)[] }"},
	}
	return oracle.WriteSchema(t, doc)
}
