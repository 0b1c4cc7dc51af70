package main

import (
	"fmt"
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

// codeUnsupportedDocument: convert turns rules into queries; correlations and
// filters are reported rather than silently skipped.
const codeUnsupportedDocument diag.Code = "unsupported-document"

// converter runs one pipeline and the KQL backend over rule files.
type converter struct {
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

// ruleFiles expands paths into YAML files, walking directories in name order.
func ruleFiles(paths []string) ([]string, error) {
	var files []string
	for _, p := range paths {
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

// convertFiles parses and converts every document of every file.
func (c *converter) convertFiles(files []string) []convertResult {
	var results []convertResult
	for _, name := range files {
		results = append(results, c.convertFile(name)...)
	}
	return results
}

func (c *converter) convertFile(name string) []convertResult {
	src, err := os.ReadFile(name)
	if err != nil {
		return []convertResult{failedFile(name, diag.List{diag.Errorf(diag.Pos{File: name}, codeUnsupportedDocument, "%v", err)})}
	}
	file, diags := parser.ParseFile(name, src)
	if diags.HasErrors() || len(file.Docs) == 0 {
		return []convertResult{failedFile(name, diags)}
	}
	results := make([]convertResult, len(file.Docs))
	for i, doc := range file.Docs {
		results[i] = c.convertDocument(name, doc)
		results[i].doc = i
		if i == 0 {
			results[i].Diagnostics = append(diags, results[i].Diagnostics...)
		}
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
	rule, ok := doc.(*ir.Rule)
	if !ok {
		r.Diagnostics.Errorf(meta.Pos, codeUnsupportedDocument, "%s documents are not converted to queries; convert the rules they refer to", documentKind(doc))
		return r
	}
	plan := c.pipeline.Apply(rule, c.popts)
	r.Table = plan.Table
	queries, diags := kql.Convert(plan, c.kopts)
	r.Diagnostics = append(diag.List{}, diags.WithFile(name)...)
	if !diags.HasErrors() {
		r.OK = true
		r.Queries = queries
	}
	return r
}

func documentKind(doc ir.Document) string {
	switch doc.(type) {
	case *ir.Correlation:
		return "correlation"
	case *ir.Filter:
		return "filter"
	}
	return fmt.Sprintf("%T", doc)
}
