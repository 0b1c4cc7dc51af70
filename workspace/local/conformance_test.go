package local_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/sigmakql/sigmakql/backends/kql"
	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/internal/shareddata"
	"github.com/sigmakql/sigmakql/ir"
	kqlparse "github.com/sigmakql/sigmakql/kql"
	"github.com/sigmakql/sigmakql/kql/eval"
	"github.com/sigmakql/sigmakql/parser"
	"github.com/sigmakql/sigmakql/passes"
	"github.com/sigmakql/sigmakql/workspace/local"
)

// sampleRows gives every table two rows: one of nulls and empty strings, and
// one of filled values, so each predicate meets both.
func sampleRows(t *eval.Table) {
	empty, filled := make([]eval.Value, len(t.Columns)), make([]eval.Value, len(t.Columns))
	for i, c := range t.Columns {
		empty[i] = eval.Null(c.Type)
		v, _ := eval.ValueOf("1", c.Type)
		if c.Type == eval.TypeDynamic {
			v = eval.Dynamic(map[string]any{"Image": `C:\x\cmd.exe`, "CommandLine": "cmd /c 1"})
		}
		filled[i] = v
	}
	t.Rows = [][]eval.Value{empty, filled}
}

// TestConformanceSigmaCorpusEvaluates converts every SigmaHQ rule with the
// azure_monitor pipeline and runs each query the backend emits over sample
// rows of its schema table: the engine must evaluate all of them.
func TestConformanceSigmaCorpusEvaluates(t *testing.T) {
	pipe, err := passes.Lookup("azure_monitor")
	if err != nil {
		t.Fatal(err)
	}
	w := local.New()
	start, queries, failures := time.Now(), 0, map[diag.Code]int{}
	for _, rf := range shareddata.SigmaRules(t) {
		for _, q := range convertedQueries(pipe, rf) {
			queries++
			d, failed := runSample(w, q)
			if !failed {
				continue
			}
			failures[d.Code]++
			if !knownLimitation(d) && failures[d.Code] <= 5 {
				t.Errorf("%s: %v", rf.Path, d)
			}
		}
	}
	t.Logf("%d converted queries evaluated in %v; failures by code: %v", queries, time.Since(start), failures)
	if queries < 1000 {
		t.Errorf("only %d queries converted", queries)
	}
}

// convertedQueries returns the queries the backend emits for the rules of one
// corpus file; rules it refuses give none.
func convertedQueries(pipe *passes.Pipeline, rf shareddata.RuleFile) []string {
	f, _ := parser.ParseFile(rf.Path, rf.Src)
	var out []string
	for _, doc := range f.Docs {
		r, ok := doc.(*ir.Rule)
		if !ok {
			continue
		}
		qs, diags := kql.Convert(pipe.Apply(r, passes.Options{}), kql.Options{})
		if !diags.HasErrors() {
			out = append(out, qs...)
		}
	}
	return out
}

// knownLimitation reports failures the engine reports by design rather than
// guess: the KQL parser's size limit, and * over a dynamic bag or array where
// the readings Kusto might apply disagree (see kql/eval's starOp).
func knownLimitation(d diag.Diagnostic) bool {
	return d.Code == kqlparse.CodeTooLong ||
		(d.Code == eval.CodeUnsupported && strings.HasPrefix(d.Message, "* over a dynamic"))
}

// runSample runs q over sample rows and returns the first error, if any.
func runSample(w *local.Workspace, q string) (diag.Diagnostic, bool) {
	_, diags := w.Run(context.Background(), q)
	for name, t := range w.Tables {
		if len(t.Rows) == 0 {
			sampleRows(t)
			w.Tables[name] = t
			_, diags = w.Run(context.Background(), q)
		}
	}
	if errs := diags.Errors(); len(errs) > 0 {
		return errs[0], true
	}
	return diag.Diagnostic{}, false
}

// TestConformanceKQLCorpusNeverCrashes runs every query of the real-world
// KQL corpus over schema tables holding sample rows: each either runs or fails
// with a diagnostic, and none is an internal error. It reports how many run.
func TestConformanceKQLCorpusNeverCrashes(t *testing.T) {
	root, ok := shareddata.Root()
	if !ok {
		t.Skip("../shared/data is absent")
	}
	f, err := os.Open(filepath.Join(root, "kql-corpus", "dev.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := local.New()
	w.Options = eval.Options{MaxRows: 100_000, Timeout: 5 * time.Second}
	codes := map[diag.Code]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 1<<24)
	total := 0
	for sc.Scan() {
		var rec struct {
			Path  string `json:"path"`
			Query string `json:"query"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		total++
		diags := runWithSamples(w, rec.Query)
		code := diag.Code("ok")
		if errs := diags.Errors(); len(errs) > 0 {
			code = errs[0].Code
		}
		codes[code]++
		if code == eval.CodeInternal {
			t.Errorf("%s: internal error: %v", rec.Path, diags)
		}
	}
	var keys []string
	for c := range codes {
		keys = append(keys, string(c))
	}
	sort.Strings(keys)
	var summary []string
	for _, k := range keys {
		summary = append(summary, k+"="+itoa(codes[diag.Code(k)]))
	}
	t.Logf("%d corpus queries: %s", total, strings.Join(summary, " "))
}

// runWithSamples runs q once to create the tables it names, fills every
// empty table with sample rows, and runs it again over them, so that the
// query's expressions are evaluated and not only bound.
func runWithSamples(w *local.Workspace, q string) diag.List {
	_, diags := w.Run(context.Background(), q)
	filled := false
	for _, t := range w.Tables {
		if len(t.Rows) == 0 {
			sampleRows(t)
			filled = true
		}
	}
	if filled && !diags.HasErrors() {
		_, diags = w.Run(context.Background(), q)
	}
	return diags
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
