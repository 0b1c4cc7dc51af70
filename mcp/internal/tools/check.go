package tools

import (
	"context"
	"fmt"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/lint"
	"github.com/sigmakql/sigmakql/parser"
)

// CheckInput is the rule to lint.
type CheckInput struct {
	RuleSource
}

// CheckOutput is what the parser and the lints found.
type CheckOutput struct {
	Valid       bool         `json:"valid" jsonschema:"true when there is no error; warnings do not make a rule invalid"`
	Documents   int          `json:"documents" jsonschema:"number of Sigma documents in the YAML"`
	Errors      int          `json:"errors"`
	Warnings    int          `json:"warnings"`
	Diagnostics []Diagnostic `json:"diagnostics"`
}

// Check enforces the source rules and size limit.
func (in CheckInput) Check() error { return in.RuleSource.check() }

// Summary gives the verdict and the diagnostics as file:line:col lines.
func (out CheckOutput) Summary() string {
	verdict := "valid"
	if !out.Valid {
		verdict = "invalid"
	}
	s := fmt.Sprintf("%s: %d document(s), %d error(s), %d warning(s)", verdict, out.Documents, out.Errors, out.Warnings)
	for _, d := range out.Diagnostics {
		s += fmt.Sprintf("\n%s:%d:%d: %s: %s [%s]", d.File, d.Line, d.Col, d.Severity, d.Message, d.Code)
	}
	return s
}

func init() {
	register(&sdk.Tool{
		Name:  "check_sigma_rule",
		Title: "Lint a Sigma rule",
		Description: "Parses a Sigma rule (or collection) and runs the lints: syntax and specification errors and " +
			"probable mistakes, each with line:col and a stable code. Parse errors are findings, not a failed call: " +
			"the result says valid=false.",
	}, checkRule)
}

func checkRule(_ context.Context, env *Env, in CheckInput) (CheckOutput, error) {
	name, src, err := in.load(env)
	if err != nil {
		return CheckOutput{}, err
	}
	file, ds := parser.ParseFile(name, src)
	files := []*ir.File{file}
	ds.Add(parser.Resolve(files)...)
	ds.Add(lint.Files(files)...)
	ds.Sort()
	ds = ds.Dedup()
	return CheckOutput{
		Valid:       !ds.HasErrors(),
		Documents:   len(file.Docs),
		Errors:      len(ds.Errors()),
		Warnings:    len(ds.Warnings()),
		Diagnostics: diagnostics(ds),
	}, nil
}
