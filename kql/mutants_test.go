package kql

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/sigmakql/sigmakql/internal/oracle"
)

const mutantLabelsFile = "../testdata/kql/mutant-labels.jsonl"

// mutantTokens are inserted by mutate: the punctuation and keywords whose
// misplacement a parser must notice.
var mutantTokens = []string{"|", "(", ")", ",", "=", "==", "by", "and", "where", "project", `"`, "[", "]", ".", "-", "on", "with", "let", ";", "1d", "*"}

// mutants derives two damaged copies of each of the first n valid corpus
// queries: a deleted character, an inserted token or a deleted run. The seed is
// fixed, so the labels stay valid until the corpus changes.
func mutants(corpus []corpusQuery, labels map[int]corpusLabel, n int) []string {
	rng := rand.New(rand.NewPCG(7, 11))
	var out []string
	for _, c := range corpus {
		if l := labels[c.Line]; !l.Valid || len(c.Query) >= 3000 || len(c.Query) == 0 {
			continue
		}
		if len(out) >= 2*n {
			break
		}
		for k := 0; k < 2; k++ {
			q := c.Query
			i := rng.IntN(len(q))
			switch r := rng.Float64(); {
			case r < 0.4:
				q = q[:i] + q[i+1:]
			case r < 0.8:
				q = q[:i] + " " + mutantTokens[rng.IntN(len(mutantTokens))] + " " + q[i:]
			default:
				q = q[:i] + q[min(len(q), i+1+rng.IntN(19)):]
			}
			out = append(out, q)
		}
	}
	return out
}

// TestConformanceKQLMutants compares Parse with Kusto.Language on damaged
// corpus queries, which probe rejection far better than the corpus alone: most
// mutants are invalid, some remain valid.
func TestConformanceKQLMutants(t *testing.T) {
	corpus := readCorpus(t)
	qs := mutants(corpus, readLabels(t), 600)
	if *updateLabels {
		writeMutantLabels(t, qs)
	}
	labels := readMutantLabels(t)
	var validN, validOK, invalidN, invalidRejected, stale int
	for i, q := range qs {
		l, ok := labels[i]
		if !ok || l.Hash != queryHash(q) {
			stale++
			continue
		}
		_, diags := Parse(q)
		switch {
		case l.Valid:
			validN++
			if !diags.HasErrors() {
				validOK++
			} else {
				t.Logf("mutant %d: Kusto accepts, we reject: %v", i, diags[0])
			}
		default:
			invalidN++
			if diags.HasErrors() {
				invalidRejected++
			} else {
				t.Logf("mutant %d: Kusto rejects, we accept: %.200q", i, q)
			}
		}
	}
	accept, reject := ratio(validOK, validN), ratio(invalidRejected, invalidN)
	t.Logf("mutants: accepted %d/%d valid (%.2f%%), rejected %d/%d invalid (%.2f%%), %d stale labels",
		validOK, validN, 100*accept, invalidRejected, invalidN, 100*reject, stale)
	if stale > len(qs)/100 {
		t.Errorf("%d mutant labels are stale; relabel with -update-labels", stale)
	}
	if accept < 0.99 || reject < 0.97 {
		t.Errorf("want at least 99%% of valid mutants accepted and 97%% of invalid ones rejected")
	}
}

func writeMutantLabels(t *testing.T, qs []string) {
	t.Helper()
	dir, err := oracle.Find()
	if err != nil {
		t.Fatalf("cannot relabel: %v", err)
	}
	in := make([]oracle.Query, len(qs))
	for i, q := range qs {
		in[i] = oracle.Query{ID: queryHash(q), Query: q}
	}
	results, err := oracle.Check(dir, in, oracle.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(mutantLabelsFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	enc := json.NewEncoder(f)
	for i, r := range results {
		l := corpusLabel{Line: i, Hash: queryHash(qs[i]), Valid: r.Error == "" && len(r.SyntaxErrors) == 0}
		if err := enc.Encode(l); err != nil {
			t.Fatal(err)
		}
	}
}

func readMutantLabels(t *testing.T) map[int]corpusLabel {
	t.Helper()
	f, err := os.Open(mutantLabelsFile)
	if err != nil {
		t.Fatalf("%v (run go test ./kql -run TestConformanceKQLMutants -update-labels)", err)
	}
	defer f.Close()
	labels := map[int]corpusLabel{}
	for dec := json.NewDecoder(f); dec.More(); {
		var l corpusLabel
		if err := dec.Decode(&l); err != nil {
			t.Fatal(err)
		}
		labels[l.Line] = l
	}
	return labels
}
