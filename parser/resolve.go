package parser

import (
	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
)

// Resolve checks the rule references of correlations and filters across a set of
// files: each reference must name the id or the name of some document in the set.
// It is separate from ParseFile because a correlation usually lives in another
// file than the rules it correlates.
func Resolve(files []*ir.File) diag.List {
	known := map[string]bool{}
	var names []string
	for _, f := range files {
		for _, d := range f.Docs {
			for _, key := range []string{d.Metadata().ID, d.Metadata().Name} {
				if key != "" && !known[key] {
					known[key] = true
					names = append(names, key)
				}
			}
		}
	}
	var ds diag.List
	for _, f := range files {
		for _, d := range f.Docs {
			for _, ref := range references(d) {
				if !known[ref.Ref] {
					ds.Add(errorWithSuggestions(ref.Pos, CodeUnknownRuleRef, ref.Ref, names,
						"no rule has the id or name %q", ref.Ref))
				}
			}
		}
	}
	ds.Sort()
	return ds
}

func references(d ir.Document) []ir.RuleRef {
	switch d := d.(type) {
	case *ir.Correlation:
		return d.Rules
	case *ir.Filter:
		return d.Rules
	}
	return nil
}
