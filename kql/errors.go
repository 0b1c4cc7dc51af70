package kql

import (
	"regexp"
	"sort"
	"strings"

	"github.com/agnivade/levenshtein"
)

// participleMessage matches participle's "unexpected token "X" (expected Y)".
var participleMessage = regexp.MustCompile(`^unexpected token "((?:[^"\\]|\\.)*)"(?: \(expected (.*)\))?$`)

// operatorWords are the tabular operators, offered as suggestions for a
// misspelled one.
var operatorWords = []string{
	"where", "filter", "project", "project-away", "project-keep", "project-rename",
	"project-reorder", "extend", "summarize", "join", "lookup", "union", "mv-expand",
	"mv-apply", "parse", "parse-where", "parse-kv", "make-series", "top", "top-nested",
	"top-hitters", "sort", "order", "take", "limit", "distinct", "count", "render",
	"evaluate", "invoke", "as", "serialize", "sample", "sample-distinct", "getschema",
	"fork", "facet", "partition", "scan", "search", "find", "consume", "reduce",
}

// friendlyMessage rewrites participle's grammar-speak into a message for
// people, and suggests operators for a misspelled operator name.
func friendlyMessage(msg string) (string, []string) {
	m := participleMessage.FindStringSubmatch(msg)
	if m == nil {
		return msg, nil
	}
	found, expected := m[1], m[2]
	what := "unexpected " + quoteShort(found)
	if found == "<EOF>" {
		what = "unexpected end of query"
	}
	switch {
	case expected == "":
		return what, nil
	case expected == "Operator":
		return what + " (expected a tabular operator such as where, extend, project or summarize)", suggestOperators(found)
	case strings.HasPrefix(expected, "Expr"):
		return what + " (expected an expression)", nil
	case strings.HasPrefix(expected, `"`):
		return what + " (expected " + firstLiteral(expected) + ")", nil
	}
	return what + " (expected " + expected + ")", nil
}

// firstLiteral returns the first quoted literal of a grammar fragment.
func firstLiteral(s string) string {
	end := strings.Index(s[1:], `"`)
	if end < 0 {
		return s
	}
	return s[:end+2]
}

// suggestOperators returns the operators within a small edit distance of word.
func suggestOperators(word string) []string {
	type cand struct {
		name string
		dist int
	}
	var cands []cand
	for _, op := range operatorWords {
		if d := levenshtein.ComputeDistance(strings.ToLower(word), op); d <= max(1, len(op)/3) {
			cands = append(cands, cand{op, d})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].dist < cands[j].dist })
	var out []string
	for _, c := range cands {
		out = append(out, c.name)
	}
	return out
}
