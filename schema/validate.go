package schema

import (
	"sort"
	"strings"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/kql"
)

// Diagnostic codes reported by the validator.
const (
	CodeUnknownTable  diag.Code = "unknown-table"        // a table name the schema does not hold
	CodeUnknownColumn diag.Code = "unknown-column"       // a name that is no column, let name or parameter in scope
	CodeTypeMismatch  diag.Code = "column-type-mismatch" // a string operator applied to a non-string column
	// CodeUnknownFunction marks a call of a function (or an evaluate of a
	// plugin) that is no built-in, let-bound, stored or platform function:
	// where Kusto.Language reports KS211 (KS124 for plugins).
	CodeUnknownFunction diag.Code = "unknown-function"
)

// Options tune validation.
type Options struct {
	// Table is the table a query reads when its text starts with '|' (as a
	// detection's where-clause fragment does); ValidateText prepends it.
	Table string
}

// Unknown is one name that does not resolve: a table, a function, or a column in
// the rows at that point of the query (Table is empty for functions). Offset is the byte offset of the name in the query
// text; Line and Col are 1-based.
type Unknown struct {
	Name        string   `json:"name"`
	Table       string   `json:"table"`
	Line        int      `json:"line"`
	Col         int      `json:"col"`
	Offset      int      `json:"-"`
	Suggestions []string `json:"suggestions"`
}

// Analysis is the outcome of validating one query.
type Analysis struct {
	Syntax           diag.List // parse errors; a query that does not parse has no other findings
	UnknownTables    []Unknown
	UnknownColumns   []Unknown
	UnknownFunctions []Unknown // calls of functions nobody defines
	UnknownPlugins   []Unknown // evaluate of plugins Kusto does not have
	Warnings         diag.List
}

// Valid reports whether the query parsed and every table, column, function and
// plugin resolved.
func (a *Analysis) Valid() bool {
	return !a.Syntax.HasErrors() && len(a.UnknownTables) == 0 && len(a.UnknownColumns) == 0 &&
		len(a.UnknownFunctions) == 0 && len(a.UnknownPlugins) == 0
}

// Result is an analysis in the stable machine form shared by `sigmakql validate
// -f json`/`--jsonl` and the MCP server (DESIGN §4). Lists are never null.
type Result struct {
	Valid          bool      `json:"valid"`
	SyntaxErrors   diag.List `json:"syntax_errors"`
	UnknownTables  []Unknown `json:"unknown_tables"`
	UnknownColumns []Unknown `json:"unknown_columns"`
	// UnknownFunctions holds unknown functions and plugins, in query order.
	UnknownFunctions []Unknown `json:"unknown_functions"`
	Warnings         diag.List `json:"warnings"`
}

// Result returns the analysis in its machine form.
func (a *Analysis) Result() Result {
	fns := append(append([]Unknown(nil), a.UnknownFunctions...), a.UnknownPlugins...)
	sort.SliceStable(fns, func(i, j int) bool { return fns[i].Offset < fns[j].Offset })
	return Result{
		Valid:            a.Valid(),
		SyntaxErrors:     nonNilDiags(a.Syntax),
		UnknownTables:    nonNilUnknowns(a.UnknownTables),
		UnknownColumns:   nonNilUnknowns(a.UnknownColumns),
		UnknownFunctions: nonNilUnknowns(fns),
		Warnings:         nonNilDiags(a.Warnings),
	}
}

func nonNilDiags(l diag.List) diag.List {
	if l == nil {
		return diag.List{}
	}
	return l
}

func nonNilUnknowns(l []Unknown) []Unknown {
	out := make([]Unknown, len(l))
	for i, u := range l {
		if u.Suggestions == nil {
			u.Suggestions = []string{}
		}
		out[i] = u
	}
	return out
}

// Diagnostics returns every finding as diagnostics, sorted by position.
func (a *Analysis) Diagnostics() diag.List {
	out := append(diag.List(nil), a.Syntax...)
	for _, u := range a.UnknownTables {
		out.Add(u.diagnostic(CodeUnknownTable, "unknown table %q"))
	}
	for _, u := range a.UnknownColumns {
		msg := "unknown column %q"
		if u.Table != "" {
			msg += " in " + u.Table
		}
		out.Add(u.diagnostic(CodeUnknownColumn, msg))
	}
	for _, u := range a.UnknownFunctions {
		out.Add(u.diagnostic(CodeUnknownFunction, "unknown function %q"))
	}
	for _, u := range a.UnknownPlugins {
		out.Add(u.diagnostic(CodeUnknownFunction, "unknown plugin %q"))
	}
	out.Add(a.Warnings...)
	out.Sort()
	return out
}

func (u Unknown) diagnostic(code diag.Code, format string) diag.Diagnostic {
	d := diag.Errorf(diag.Pos{Line: u.Line, Col: u.Col}, code, format, u.Name)
	if len(u.Suggestions) > 0 {
		d.Message += "; did you mean " + strings.Join(quoteAll(u.Suggestions), " or ") + "?"
	}
	d.Suggestions = u.Suggestions
	return d
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = `"` + s + `"`
	}
	return out
}

// Validate checks a parsed query against s (Default() when nil) and returns its
// unknown tables and columns and type warnings as diagnostics.
func Validate(q *kql.Query, s *Schema, opts Options) diag.List {
	return Analyze(q, s, opts).Diagnostics()
}

// Analyze checks a parsed query against s (Default() when nil), walking it the
// way Kusto does so that each name is looked up in the columns that exist at
// that point of the pipeline.
func Analyze(q *kql.Query, s *Schema, opts Options) *Analysis {
	if s == nil {
		s = Default()
	}
	c := &checker{schema: s, an: &Analysis{}, seen: map[int]bool{}}
	c.query(q)
	return c.an
}

// ValidateText parses src and analyses it. When opts.Table is set and src starts
// with '|', the query reads that table; positions still refer to src.
func ValidateText(src string, s *Schema, opts Options) *Analysis {
	prefix := ""
	if opts.Table != "" && startsWithPipe(src) {
		prefix = opts.Table + "\n"
	}
	q, syntax := kql.Parse(prefix + src)
	var an *Analysis
	if q == nil || syntax.HasErrors() {
		an = &Analysis{}
	} else {
		an = Analyze(q, s, opts)
	}
	an.Syntax = syntax
	if prefix != "" {
		an.shift(len(prefix))
	}
	return an
}

// shift moves every position back over a one-line prefix of n bytes; a finding
// in the prefix itself (the --table name) is placed at the start of the text.
func (a *Analysis) shift(n int) {
	for _, list := range [][]Unknown{a.UnknownTables, a.UnknownColumns, a.UnknownFunctions, a.UnknownPlugins} {
		for i := range list {
			u := &list[i]
			u.Line--
			u.Offset -= n
			if u.Line < 1 {
				u.Line, u.Col, u.Offset = 1, 1, 0
			}
		}
	}
	for i := range a.Syntax {
		a.Syntax[i].Line = max(a.Syntax[i].Line-1, 1)
	}
	for i := range a.Warnings {
		a.Warnings[i].Line = max(a.Warnings[i].Line-1, 1)
	}
}

// startsWithPipe reports whether the first token of src, after white space and
// // comments, is a pipe: the text is a fragment of operators.
func startsWithPipe(src string) bool {
	for {
		src = strings.TrimLeft(src, " \t\r\n")
		if !strings.HasPrefix(src, "//") {
			return strings.HasPrefix(src, "|")
		}
		end := strings.IndexByte(src, '\n')
		if end < 0 {
			return false
		}
		src = src[end+1:]
	}
}
