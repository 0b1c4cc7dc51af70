// Package convert orchestrates a conversion the way `sigmakql convert` and the
// MCP convert_sigma_to_kql tool both need it: every input parsed, the meta
// filters of every input applied to every rule, the pipeline run, then rules and
// correlations converted by the KQL backend. Keeping it in one place means both
// front ends give the same queries for the same YAML.
package convert

import (
	"github.com/sigmakql/sigmakql/backends/kql"
	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/parser"
	"github.com/sigmakql/sigmakql/passes"
)

// CodeUnsupportedDocument marks a document that cannot become a query (or a file
// that holds none); it is reported rather than silently skipped.
const CodeUnsupportedDocument diag.Code = "unsupported-document"

// Converter holds one pipeline and the backend options for a conversion.
type Converter struct {
	Pipeline *passes.Pipeline
	Passes   passes.Options
	KQL      kql.Options
}

// Input is one source file after parsing, or the error that kept it from being
// read.
type Input struct {
	Name  string
	File  *ir.File
	Diags diag.List
	Err   error
}

// Parse parses one source into an Input.
func Parse(name string, src []byte) Input {
	file, diags := parser.ParseFile(name, src)
	return Input{Name: name, File: file, Diags: diags}
}

// Result is one document's outcome; its JSON form is the stable jsonl record of
// DESIGN §4.
type Result struct {
	File        string    `json:"file"`
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	OK          bool      `json:"ok"`
	Table       string    `json:"table"`
	Queries     []string  `json:"queries"`
	Diagnostics diag.List `json:"diagnostics"`
	// Doc numbers the document within its file (0-based), for output file names.
	Doc int `json:"-"`
}

// Convert converts every rule and correlation of the inputs, in input order.
// Files are converted concurrently; the pipeline and the backend share nothing
// mutable between rules.
// Filters are applied, not reported as documents. A rule that a correlation
// refers to is left out unless a correlation referring to it says generate: true
// (see Hidden).
func (c *Converter) Convert(inputs []Input) []Result {
	run := newRun(c, inputs)
	perFile := make([][]Result, len(inputs))
	Each(len(inputs), func(i int) { perFile[i] = run.convertFile(inputs[i]) })
	var results []Result
	for _, rs := range perFile {
		results = append(results, rs...)
	}
	return results
}

// run is one Convert call: the converter and what it gathered from all inputs.
type run struct {
	*Converter
	filters []*ir.Filter
	rules   map[string]*ir.Rule // every input rule by id and by name, for correlations
	hidden  map[*ir.Rule]bool
	// quiet holds the parse diagnostics of files that yield no result of
	// their own, by each hidden rule they hold, so a correlation reading the
	// rule reports them instead of losing them.
	quiet map[*ir.Rule]diag.List
}

func newRun(c *Converter, inputs []Input) *run {
	r := &run{Converter: c, rules: map[string]*ir.Rule{}}
	var corrs []*ir.Correlation
	for _, in := range inputs {
		if in.File == nil {
			continue
		}
		for _, doc := range in.File.Docs {
			switch d := doc.(type) {
			case *ir.Filter:
				r.filters = append(r.filters, d)
			case *ir.Correlation:
				corrs = append(corrs, d)
			case *ir.Rule:
				for _, ref := range []string{d.ID, d.Name} {
					if ref != "" {
						r.rules[ref] = d
					}
				}
			}
		}
	}
	r.hidden = Hidden(corrs, r.rules)
	r.quiet = map[*ir.Rule]diag.List{}
	for _, in := range inputs {
		r.noteQuiet(in)
	}
	return r
}

// noteQuiet records the diagnostics of a file all of whose documents are
// hidden rules or filters, against each hidden rule in it.
func (r *run) noteQuiet(in Input) {
	if in.File == nil || len(in.Diags) == 0 || in.Diags.HasErrors() {
		return
	}
	var held []*ir.Rule
	for _, doc := range in.File.Docs {
		if !r.skip(doc) {
			return
		}
		if rule, ok := doc.(*ir.Rule); ok {
			held = append(held, rule)
		}
	}
	for _, rule := range held {
		r.quiet[rule] = in.Diags
	}
}

func (r *run) convertFile(in Input) []Result {
	if in.Err != nil {
		return []Result{failedFile(in.Name, diag.List{diag.Errorf(diag.Pos{File: in.Name}, CodeUnsupportedDocument, "%v", in.Err)})}
	}
	if in.File == nil || in.Diags.HasErrors() || len(in.File.Docs) == 0 {
		return []Result{failedFile(in.Name, in.Diags)}
	}
	var results []Result
	for i, doc := range in.File.Docs {
		if r.skip(doc) {
			continue
		}
		res := r.convertDocument(in.Name, doc)
		res.Doc = i
		if len(results) == 0 {
			res.Diagnostics = append(append(diag.List{}, in.Diags...), res.Diagnostics...)
		}
		results = append(results, res)
	}
	return results
}

// skip reports whether a document yields no result of its own: a filter, or a
// rule that only feeds correlations.
func (r *run) skip(doc ir.Document) bool {
	switch d := doc.(type) {
	case *ir.Filter:
		return true
	case *ir.Rule:
		return r.hidden[d]
	}
	return false
}

// failedFile is the result of a file that yields no document to convert.
func failedFile(name string, diags diag.List) Result {
	if !diags.HasErrors() {
		diags.Errorf(diag.Pos{File: name}, CodeUnsupportedDocument, "the file holds no Sigma document")
	}
	return Result{File: name, Queries: []string{}, Diagnostics: append(diag.List{}, diags...)}
}

func (r *run) convertDocument(name string, doc ir.Document) Result {
	meta := doc.Metadata()
	res := Result{File: name, ID: meta.ID, Title: meta.Title, Queries: []string{}, Diagnostics: diag.List{}}
	var queries []string
	var diags diag.List
	switch d := doc.(type) {
	case *ir.Rule:
		var plan *passes.Plan
		plan, diags = r.plan(d, nil)
		res.Table = plan.Table
		var more diag.List
		queries, more = kql.Convert(plan, r.KQL)
		diags = append(diags, more...)
	case *ir.Correlation:
		queries, diags = r.convertCorrelation(d)
	default:
		diags.Errorf(meta.Pos, CodeUnsupportedDocument, "%T documents are not converted to queries", doc)
	}
	res.Diagnostics = append(diag.List{}, diags.WithFile(name)...)
	if !diags.HasErrors() {
		res.OK = true
		res.Queries = queries
	}
	return res
}

// plan applies the input filters and the pipeline to a rule. Extra fields (those
// a correlation groups by) join the rule's fields: list so the plan reads them.
func (r *run) plan(rule *ir.Rule, extraFields []string) (*passes.Plan, diag.List) {
	filtered, diags := passes.ApplyFilters(rule, r.filters)
	if len(extraFields) > 0 {
		withFields := *filtered
		withFields.Fields = append(append([]string(nil), filtered.Fields...), extraFields...)
		filtered = &withFields
	}
	return r.Pipeline.Apply(filtered, r.Passes), diags
}
