// Package lint finds what a Sigma rule author most likely did not mean, in rules
// that parse without error: duplicate ids, searches no condition uses, "all of
// them", escaped wildcards in Windows paths, numbers written as strings, |all on a
// single value and regular expressions that a plain modifier would express. Every
// finding is a warning: lints never make a rule unusable.
package lint

import (
	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
)

// Codes of the lint warnings.
const (
	DuplicateID       diag.Code = "duplicate-rule-id"    // two documents share an id
	UnusedSearch      diag.Code = "unused-search"        // a search no condition refers to
	AllOfThem         diag.Code = "all-of-them"          // "all of them" also ANDs searches added later
	AccidentalEscape  diag.Code = "escaped-wildcard"     // "\*" in a path, where "\\*" was meant
	NumberAsString    diag.Code = "number-as-string"     // a quoted number such as '4688'
	AllSingleValue    diag.Code = "all-single-value"     // |all with only one value does nothing
	RegexCouldBePlain diag.Code = "regex-could-be-plain" // |re whose pattern is a plain string match
)

// Descriptions says in one sentence what each lint looks for, for help texts and
// the rules table of SARIF output.
var Descriptions = map[diag.Code]string{
	DuplicateID:       "Two Sigma documents share an id.",
	UnusedSearch:      "A search identifier that no condition refers to.",
	AllOfThem:         "'all of them' requires every search, including filters added later.",
	AccidentalEscape:  "'\\*' or '\\?' after a path separator is a literal character, not a wildcard.",
	NumberAsString:    "A number written as a quoted string is compared as text.",
	AllSingleValue:    "The all modifier on a single value has no effect.",
	RegexCouldBePlain: "A regular expression that a plain value or modifier expresses exactly.",
}

// Files runs every lint over a set of parsed files and returns the warnings sorted.
// Duplicate ids are found across all the files together.
func Files(files []*ir.File) diag.List {
	var ds diag.List
	ds.Add(duplicateIDs(files)...)
	for _, f := range files {
		for _, doc := range f.Docs {
			ds.Add(Document(doc)...)
		}
	}
	ds.Sort()
	return ds
}

// Document runs the lints that look at one document alone.
func Document(doc ir.Document) diag.List {
	var ds diag.List
	if det := detectionOf(doc); det != nil {
		ds.Add(searchUsage(det)...)
		ds.Add(detectionValues(det)...)
	}
	return ds
}

// detectionOf returns the detection of a rule or a filter, or nil.
func detectionOf(doc ir.Document) *ir.Detection {
	switch d := doc.(type) {
	case *ir.Rule:
		return &d.Detection
	case *ir.Filter:
		return &d.Detection
	}
	return nil
}
