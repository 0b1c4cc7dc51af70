package tools

import (
	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/mcp/internal/toolkit"
	"github.com/sigmakql/sigmakql/parser"
)

// inlineRuleName is the file name diagnostics carry for a rule passed as text.
const inlineRuleName = "rule.yml"

// RuleSource is the pair of arguments that name a Sigma rule: its text, or a path
// under the operator's --rules-dir directories. Tools embed it.
type RuleSource struct {
	SigmaYAML string `json:"sigma_yaml,omitempty" jsonschema:"the Sigma rule (or collection) as YAML text; give this or sigma_path"`
	SigmaPath string `json:"sigma_path,omitempty" jsonschema:"path of a rule file, relative to (or inside) a directory the server was started with --rules-dir"`
}

// check enforces that exactly one source is given and the size limit.
func (r RuleSource) check() error {
	switch {
	case r.SigmaYAML == "" && r.SigmaPath == "":
		return toolkit.Errorf(toolkit.InvalidInput, "give the rule as sigma_yaml or sigma_path")
	case r.SigmaYAML != "" && r.SigmaPath != "":
		return toolkit.Errorf(toolkit.InvalidInput, "give sigma_yaml or sigma_path, not both")
	}
	if err := toolkit.CheckChars("sigma_path", r.SigmaPath, 4096); err != nil {
		return err
	}
	return toolkit.CheckChars("sigma_yaml", r.SigmaYAML, toolkit.MaxSigmaChars)
}

// load returns the rule's file name for diagnostics and its text.
func (r RuleSource) load(env *Env) (string, []byte, error) {
	if r.SigmaPath == "" {
		return inlineRuleName, []byte(r.SigmaYAML), nil
	}
	// Four bytes per character is the most UTF-8 needs.
	src, err := env.Rules.ReadFile(r.SigmaPath, 4*toolkit.MaxSigmaChars)
	if err != nil {
		return "", nil, err
	}
	if err := toolkit.CheckChars("the file at sigma_path", string(src), toolkit.MaxSigmaChars); err != nil {
		return "", nil, err
	}
	return r.SigmaPath, src, nil
}

// parseRule parses a rule source and fails with conversion_error when it does
// not parse, listing the parser's diagnostics.
func parseRule(env *Env, src RuleSource) (*ir.File, diag.List, error) {
	name, text, err := src.load(env)
	if err != nil {
		return nil, nil, err
	}
	file, ds := parser.ParseFile(name, text)
	if ds.HasErrors() {
		return nil, nil, conversionError("the rule does not parse", ds)
	}
	if len(file.Docs) == 0 {
		return nil, nil, conversionError("the YAML holds no Sigma document", ds)
	}
	return file, ds, nil
}

// Diagnostic is one finding in a tool's output: where, how bad, which stable code,
// what to do. It mirrors diag.Diagnostic with a JSON schema clients can rely on.
type Diagnostic struct {
	File        string   `json:"file,omitempty"`
	Line        int      `json:"line" jsonschema:"1-based line, 0 when unknown"`
	Col         int      `json:"col" jsonschema:"1-based column in bytes, 0 when unknown"`
	Severity    string   `json:"severity" jsonschema:"error, warning or info"`
	Code        string   `json:"code" jsonschema:"stable kebab-case code, e.g. unknown-modifier"`
	Message     string   `json:"message"`
	Suggestions []string `json:"suggestions,omitempty"`
}

// diagnostics converts a diag.List into the output form, never nil.
func diagnostics(l diag.List) []Diagnostic {
	out := make([]Diagnostic, len(l))
	for i, d := range l {
		out[i] = Diagnostic{
			File: d.File, Line: d.Line, Col: d.Col,
			Severity: d.Severity.String(), Code: string(d.Code),
			Message: d.Message, Suggestions: d.Suggestions,
		}
	}
	return out
}
