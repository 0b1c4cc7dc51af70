package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/sigmakql/sigmakql/backends/kql"
	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/parser"
	"github.com/sigmakql/sigmakql/passes"
)

// codeUnsupportedDocument: a document that convert cannot turn into a query is
// reported rather than silently skipped (filters are applied to the rules).
const codeUnsupportedDocument diag.Code = "unsupported-document"

// converter runs one pipeline and the KQL backend over rule files.
type converter struct {
	stdin    io.Reader // read for the path "-"
	filters  []*ir.Filter
	rules    map[string]*ir.Rule // every input rule by id and by name, for correlations
	pipeline *passes.Pipeline
	popts    passes.Options
	kopts    kql.Options
}

// convertResult is one document's outcome; its JSON form is the stable jsonl
// record of DESIGN §4.
type convertResult struct {
	File        string    `json:"file"`
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	OK          bool      `json:"ok"`
	Table       string    `json:"table"`
	Queries     []string  `json:"queries"`
	Diagnostics diag.List `json:"diagnostics"`
	// doc numbers the documents of a collection file, for output file names.
	doc int
}

// ruleFiles expands paths into YAML files, walking directories in name order;
// "-" stands for standard input.
func ruleFiles(paths []string) ([]string, error) {
	var files []string
	for _, p := range paths {
		if p == "-" {
			files = append(files, p)
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			files = append(files, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && (strings.HasSuffix(path, ".yml") || strings.HasSuffix(path, ".yaml")) {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(files)
	return files, nil
}

// maxStdinRule bounds what convert reads from standard input; the parser applies
// its own, smaller per-file limit to what is read.
const maxStdinRule = 8 << 20

// parsedFile is one input file after parsing.
type parsedFile struct {
	name  string
	file  *ir.File
	diags diag.List
	err   error
}

// convertFiles parses every file, then converts every rule with the meta filters
// of all the files applied. Filters are consumed that way and not reported as
// documents of their own.
func (c *converter) convertFiles(files []string) []convertResult {
	parsed := make([]parsedFile, len(files))
	c.rules = map[string]*ir.Rule{}
	for i, name := range files {
		parsed[i] = c.parseInput(name)
		if parsed[i].file != nil {
			c.index(parsed[i].file)
		}
	}
	var results []convertResult
	for _, pf := range parsed {
		results = append(results, c.convertFile(pf)...)
	}
	return results
}

// index records the filters and the rules (by id and name) of a parsed file.
func (c *converter) index(f *ir.File) {
	for _, doc := range f.Docs {
		switch d := doc.(type) {
		case *ir.Filter:
			c.filters = append(c.filters, d)
		case *ir.Rule:
			for _, ref := range []string{d.ID, d.Name} {
				if ref != "" {
					c.rules[ref] = d
				}
			}
		}
	}
}

func (c *converter) parseInput(name string) parsedFile {
	var src []byte
	var err error
	if name == "-" && c.stdin != nil {
		src, err = io.ReadAll(io.LimitReader(c.stdin, maxStdinRule+1))
		if err == nil && len(src) > maxStdinRule {
			err = fmt.Errorf("standard input is over %d bytes", maxStdinRule)
		}
	} else {
		src, err = os.ReadFile(name)
	}
	if err != nil {
		return parsedFile{name: name, err: err}
	}
	file, diags := parser.ParseFile(name, src)
	return parsedFile{name: name, file: file, diags: diags}
}

func (c *converter) convertFile(pf parsedFile) []convertResult {
	if pf.err != nil {
		return []convertResult{failedFile(pf.name, diag.List{diag.Errorf(diag.Pos{File: pf.name}, codeUnsupportedDocument, "%v", pf.err)})}
	}
	if pf.diags.HasErrors() || len(pf.file.Docs) == 0 {
		return []convertResult{failedFile(pf.name, pf.diags)}
	}
	var results []convertResult
	for i, doc := range pf.file.Docs {
		if _, isFilter := doc.(*ir.Filter); isFilter {
			continue
		}
		r := c.convertDocument(pf.name, doc)
		r.doc = i
		if len(results) == 0 {
			r.Diagnostics = append(append(diag.List{}, pf.diags...), r.Diagnostics...)
		}
		results = append(results, r)
	}
	return results
}

// failedFile is the result of a file that yields no document to convert.
func failedFile(name string, diags diag.List) convertResult {
	if !diags.HasErrors() {
		diags.Errorf(diag.Pos{File: name}, codeUnsupportedDocument, "the file holds no Sigma document")
	}
	return convertResult{File: name, Queries: []string{}, Diagnostics: append(diag.List{}, diags...)}
}

func (c *converter) convertDocument(name string, doc ir.Document) convertResult {
	meta := doc.Metadata()
	r := convertResult{File: name, ID: meta.ID, Title: meta.Title, Queries: []string{}, Diagnostics: diag.List{}}
	var queries []string
	var diags diag.List
	switch d := doc.(type) {
	case *ir.Rule:
		var plan *passes.Plan
		plan, diags = c.plan(d, nil)
		r.Table = plan.Table
		var more diag.List
		queries, more = kql.Convert(plan, c.kopts)
		diags = append(diags, more...)
	case *ir.Correlation:
		queries, diags = c.convertCorrelation(d)
	default:
		diags.Errorf(meta.Pos, codeUnsupportedDocument, "%T documents are not converted to queries", doc)
	}
	r.Diagnostics = append(diag.List{}, diags.WithFile(name)...)
	if !diags.HasErrors() {
		r.OK = true
		r.Queries = queries
	}
	return r
}

// plan applies the input filters and the pipeline to a rule. Extra fields (those
// a correlation groups by) join the rule's fields: list so the plan reads them.
func (c *converter) plan(rule *ir.Rule, extraFields []string) (*passes.Plan, diag.List) {
	filtered, diags := passes.ApplyFilters(rule, c.filters)
	if len(extraFields) > 0 {
		withFields := *filtered
		withFields.Fields = append(append([]string(nil), filtered.Fields...), extraFields...)
		filtered = &withFields
	}
	return c.pipeline.Apply(filtered, c.popts), diags
}
