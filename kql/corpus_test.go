package kql

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/sigmakql/sigmakql/internal/oracle"
	"github.com/sigmakql/sigmakql/internal/shareddata"
)

var updateLabels = flag.Bool("update-labels", false, "relabel the KQL corpus with the Kusto.Language oracle")

const labelsFile = "../testdata/kql/corpus-labels.jsonl"

// corpusLabel is the oracle's verdict on one corpus query, kept without the
// query text: the line number in dev.jsonl and a hash that notices edits.
type corpusLabel struct {
	Line  int    `json:"line"`
	Hash  string `json:"sha256"`
	Valid bool   `json:"valid"`
}

type corpusQuery struct {
	Line  int
	Query string
}

func readCorpus(tb testing.TB) []corpusQuery {
	tb.Helper()
	path := filepath.Join(shareddata.Dir(tb, "kql-corpus"), "dev.jsonl")
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []corpusQuery
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for line := 1; sc.Scan(); line++ {
		var rec struct {
			Query string `json:"query"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			tb.Fatalf("%s:%d: %v", path, line, err)
		}
		out = append(out, corpusQuery{line, rec.Query})
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

func queryHash(q string) string {
	sum := sha256.Sum256([]byte(q))
	return hex.EncodeToString(sum[:8])
}

// writeLabels asks the oracle (parse-only) about every corpus query.
func writeLabels(t *testing.T, corpus []corpusQuery) {
	t.Helper()
	dir, err := oracle.Find()
	if err != nil {
		t.Fatalf("cannot relabel: %v", err)
	}
	qs := make([]oracle.Query, len(corpus))
	for i, c := range corpus {
		qs[i] = oracle.Query{ID: queryHash(c.Query), Query: c.Query}
	}
	results, err := oracle.Check(dir, qs, oracle.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(labelsFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	enc := json.NewEncoder(f)
	for i, r := range results {
		valid := r.Error == "" && len(r.SyntaxErrors) == 0
		if err := enc.Encode(corpusLabel{corpus[i].Line, queryHash(corpus[i].Query), valid}); err != nil {
			t.Fatal(err)
		}
	}
}

func readLabels(t *testing.T) map[int]corpusLabel {
	t.Helper()
	f, err := os.Open(labelsFile)
	if err != nil {
		t.Fatalf("%v (run go test ./kql -run TestConformanceKQLCorpus -update-labels)", err)
	}
	defer f.Close()
	labels := map[int]corpusLabel{}
	dec := json.NewDecoder(f)
	for dec.More() {
		var l corpusLabel
		if err := dec.Decode(&l); err != nil {
			t.Fatal(err)
		}
		labels[l.Line] = l
	}
	return labels
}

// TestConformanceKQLCorpus compares Parse with Microsoft's Kusto.Language parser
// on the real-world corpus: it must accept what Kusto accepts and reject what
// Kusto rejects.
func TestConformanceKQLCorpus(t *testing.T) {
	corpus := readCorpus(t)
	if *updateLabels {
		writeLabels(t, corpus)
	}
	labels := readLabels(t)
	var validN, validOK, invalidN, invalidRejected, stale int
	for _, c := range corpus {
		l, ok := labels[c.Line]
		if !ok || l.Hash != queryHash(c.Query) {
			stale++
			continue
		}
		_, diags := Parse(c.Query)
		if l.Valid {
			validN++
			if !diags.HasErrors() {
				validOK++
			} else {
				t.Logf("line %d: Kusto accepts, we reject: %v", c.Line, diags[0])
			}
		} else {
			invalidN++
			if diags.HasErrors() {
				invalidRejected++
			} else {
				t.Logf("line %d: Kusto rejects, we accept", c.Line)
			}
		}
	}
	accept := ratio(validOK, validN)
	reject := ratio(invalidRejected, invalidN)
	t.Logf("accepted %d/%d valid queries (%.2f%%), rejected %d/%d invalid ones (%.2f%%), %d stale labels",
		validOK, validN, 100*accept, invalidRejected, invalidN, 100*reject, stale)
	if stale > len(corpus)/100 {
		t.Errorf("%d labels are stale; relabel with -update-labels", stale)
	}
	if accept < 0.995 {
		t.Errorf("accepted %.2f%% of the queries Kusto accepts, want at least 99.5%%", 100*accept)
	}
	if reject < 0.90 {
		t.Errorf("rejected %.2f%% of the queries Kusto rejects, want at least 90%%", 100*reject)
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// BenchmarkParseCorpus measures Parse over the whole corpus; queries/s is
// reported as a metric.
func BenchmarkParseCorpus(b *testing.B) {
	corpus := readCorpus(b)
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		for _, c := range corpus {
			Parse(c.Query)
			n++
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "queries/s")
}

// TestConformanceKQLRoundTrip prints every corpus query that parses and checks
// that the printed text parses to a tree that prints the same.
func TestConformanceKQLRoundTrip(t *testing.T) {
	failures := 0
	for _, c := range readCorpus(t) {
		q, diags := Parse(c.Query)
		if diags.HasErrors() {
			continue
		}
		printed := Print(q)
		q2, diags := Parse(printed)
		if diags.HasErrors() {
			failures++
			t.Errorf("line %d: printed query does not parse: %v\n%s", c.Line, diags[0], printed)
			continue
		}
		if again := Print(q2); again != printed {
			failures++
			t.Errorf("line %d: printing is not stable:\n%s\n----\n%s", c.Line, printed, again)
		}
		if failures > 10 {
			t.Fatal("too many failures")
		}
	}
}

// TestConformanceKQLSpans checks over the corpus that every node's span is
// ordered and lies within its parent's, so consumers can slice source text.
func TestConformanceKQLSpans(t *testing.T) {
	bad := 0
	for _, c := range readCorpus(t) {
		q, diags := Parse(c.Query)
		if diags.HasErrors() {
			continue
		}
		var stack []Node
		Inspect(q, func(n Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return false
			}
			if msg := spanProblem(n, stack); msg != "" && bad < 10 {
				bad++
				t.Errorf("line %d: %T %s", c.Line, n, msg)
			}
			stack = append(stack, n)
			return true
		})
	}
}

func spanProblem(n Node, stack []Node) string {
	start, end := n.Start().Offset, n.End().Offset
	if start > end {
		return fmt.Sprintf("starts at %d after its end %d", start, end)
	}
	if len(stack) == 0 {
		return ""
	}
	parent := stack[len(stack)-1]
	if start < parent.Start().Offset || end > parent.End().Offset {
		return fmt.Sprintf("[%d,%d) lies outside its parent %T [%d,%d)", start, end, parent, parent.Start().Offset, parent.End().Offset)
	}
	return ""
}
