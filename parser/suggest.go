package parser

import (
	"sort"

	"github.com/agnivade/levenshtein"
	"github.com/sigmakql/sigmakql/diag"
)

// suggest returns the candidates closest to got (edit distance at most 2, or a
// third of its length for long words), nearest first, at most three.
func suggest(got string, candidates []string) []string {
	limit := 2
	if len(got) > 6 {
		limit = len(got) / 3
	}
	type scored struct {
		name string
		dist int
	}
	var near []scored
	for _, c := range candidates {
		if d := levenshtein.ComputeDistance(got, c); d <= limit {
			near = append(near, scored{c, d})
		}
	}
	sort.Slice(near, func(i, j int) bool {
		if near[i].dist != near[j].dist {
			return near[i].dist < near[j].dist
		}
		return near[i].name < near[j].name
	})
	var out []string
	for i := 0; i < len(near) && i < 3; i++ {
		out = append(out, near[i].name)
	}
	return out
}

// errorWithSuggestions returns an error diagnostic carrying the candidates nearest
// to got as suggestions.
func errorWithSuggestions(at diag.Pos, code diag.Code, got string, candidates []string, format string, args ...any) diag.Diagnostic {
	d := diag.Errorf(at, code, format, args...)
	d.Suggestions = suggest(got, candidates)
	return d
}
