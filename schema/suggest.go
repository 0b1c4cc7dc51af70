package schema

import (
	"sort"
	"strings"

	"github.com/agnivade/levenshtein"
)

// MaxSuggestions bounds how many spellings a diagnostic proposes.
const MaxSuggestions = 5

// Suggest returns the candidates closest to name, best first: a match ignoring
// case ranks first, then by edit distance (computed without case, ties broken by
// the distance with case and then by name). A candidate that is a mistyped
// prefix of name (Account for AccontName) counts as two edits. Candidates further than about a quarter of name's
// length are dropped, so short names get only near-identical proposals.
func Suggest(name string, candidates []string) []string {
	lname := strings.ToLower(name)
	limit := max(1, len(name)/4)
	type scored struct {
		cand         string
		score, case_ int
	}
	var found []scored
	seen := map[string]bool{}
	for _, c := range candidates {
		if c == name || seen[c] {
			continue
		}
		seen[c] = true
		if !withinReach(len(name), len(c), limit) {
			continue
		}
		s := suggestScore(lname, strings.ToLower(c))
		if s <= limit {
			found = append(found, scored{c, s, levenshtein.ComputeDistance(name, c)})
		}
	}
	sort.Slice(found, func(i, j int) bool {
		a, b := found[i], found[j]
		if a.score != b.score {
			return a.score < b.score
		}
		if a.case_ != b.case_ {
			return a.case_ < b.case_
		}
		return a.cand < b.cand
	})
	out := make([]string, 0, min(len(found), MaxSuggestions))
	for i := 0; i < len(found) && i < MaxSuggestions; i++ {
		out = append(out, found[i].cand)
	}
	return out
}

// suggestScore is the lower-case edit distance between name and cand; a
// candidate that is, but for one edit, a prefix of name (Account in AccontName)
// scores 2 when that is better.
func suggestScore(name, cand string) int {
	d := levenshtein.ComputeDistance(name, cand)
	if d <= 2 || len(cand) < 4 || len(cand)*2 < len(name) || len(cand) >= len(name) {
		return d
	}
	for k := len(cand) - 1; k <= len(cand)+1 && k <= len(name); k++ {
		if levenshtein.ComputeDistance(name[:k], cand) <= 1 {
			return 2
		}
	}
	return d
}

// withinReach reports whether a candidate of length m can score within limit
// against a name of length n: edits cost at least the length difference, and
// only a prefix match (score 2) spans more.
func withinReach(n, m, limit int) bool {
	diff := n - m
	if diff < 0 {
		diff = -diff
	}
	return diff <= limit || (limit >= 2 && m < n && m >= 4 && m*2 >= n)
}
