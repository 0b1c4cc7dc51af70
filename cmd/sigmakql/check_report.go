package main

import (
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"sort"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/lint"
)

// checkWriters prints a check report in each output format.
var checkWriters = map[string]func(*env, checkReport) error{
	"text":  writeCheckText,
	"json":  writeCheckJSON,
	"sarif": writeCheckSARIF,
}

// writeCheckText prints one line per diagnostic and a summary on stderr.
func writeCheckText(e *env, r checkReport) error {
	for _, d := range r.Diagnostics {
		if _, err := fmt.Fprintln(e.stdout, d); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stderr, "%s, %s without errors, %s, %s\n", pluralCount(r.Files, "file"), pluralCount(r.Rules, "document"),
		pluralCount(len(r.Diagnostics.Errors()), "error"), pluralCount(len(r.Diagnostics.Warnings()), "warning"))
	return nil
}

// pluralCount writes n and the noun, in the plural unless n is 1.
func pluralCount(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// writeCheckJSON prints the report as one indented JSON object.
func writeCheckJSON(e *env, r checkReport) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// The SARIF 2.1.0 subset that code-review tools read: one run, the tool with a
// rule per diagnostic code, and a result per diagnostic.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool    sarifTool     `json:"tool"`
		Results []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID               string    `json:"id"`
		ShortDescription sarifText `json:"shortDescription"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifResult struct {
		RuleID     string           `json:"ruleId"`
		RuleIndex  int              `json:"ruleIndex"`
		Level      string           `json:"level"`
		Message    sarifText        `json:"message"`
		Locations  []sarifLocation  `json:"locations"`
		Properties *sarifProperties `json:"properties,omitempty"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           *sarifRegion  `json:"region,omitempty"`
	}
	sarifArtifact struct {
		URI string `json:"uri"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn,omitempty"`
	}
	sarifProperties struct {
		Suggestions []string `json:"suggestions"`
	}
)

const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

// sarifLevels maps severities to SARIF result levels.
var sarifLevels = map[diag.Severity]string{diag.Error: "error", diag.Warning: "warning", diag.Info: "note"}

// writeCheckSARIF prints the report as a SARIF 2.1.0 log.
func writeCheckSARIF(e *env, r checkReport) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(buildSARIF(r.Diagnostics))
}

// buildSARIF converts diagnostics into a SARIF log with one rule per code.
func buildSARIF(ds diag.List) sarifLog {
	rules, index := sarifRules(ds)
	results := make([]sarifResult, 0, len(ds))
	for _, d := range ds {
		res := sarifResult{
			RuleID:    string(d.Code),
			RuleIndex: index[d.Code],
			Level:     sarifLevels[d.Severity],
			Message:   sarifText{d.Message},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysicalOf(d.Pos)}},
		}
		if len(d.Suggestions) > 0 {
			res.Properties = &sarifProperties{Suggestions: d.Suggestions}
		}
		results = append(results, res)
	}
	driver := sarifDriver{Name: "sigmakql", InformationURI: "https://github.com/sigmakql/sigmakql", Rules: rules}
	return sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{{Tool: sarifTool{driver}, Results: results}}}
}

// sarifRules lists the codes in ds, sorted, with each code's index in the list.
func sarifRules(ds diag.List) ([]sarifRule, map[diag.Code]int) {
	index := map[diag.Code]int{}
	var codes []string
	for _, d := range ds {
		if _, ok := index[d.Code]; !ok {
			index[d.Code] = 0
			codes = append(codes, string(d.Code))
		}
	}
	sort.Strings(codes)
	rules := make([]sarifRule, len(codes))
	for i, c := range codes {
		text := lint.Descriptions[diag.Code(c)]
		if text == "" {
			text = c
		}
		rules[i] = sarifRule{ID: c, ShortDescription: sarifText{text}}
		index[diag.Code(c)] = i
	}
	return rules, index
}

// sarifPhysicalOf locates a position: the file as a URI reference (relative paths
// stay relative) and the region when the line is known.
func sarifPhysicalOf(p diag.Pos) sarifPhysical {
	u := url.URL{Path: filepath.ToSlash(p.File)}
	if filepath.IsAbs(p.File) {
		u.Scheme = "file"
	}
	loc := sarifPhysical{ArtifactLocation: sarifArtifact{URI: u.String()}}
	if p.Line > 0 {
		loc.Region = &sarifRegion{StartLine: p.Line, StartColumn: p.Col}
	}
	return loc
}
