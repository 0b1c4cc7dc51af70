package tools

import (
	"context"
	"fmt"
	"sort"
	"strings"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/sigmakql/sigmakql/mcp/internal/toolkit"
	"github.com/sigmakql/sigmakql/schema"
)

// ValidateInput is a query and, optionally, the table it reads.
type ValidateInput struct {
	Query string `json:"query" jsonschema:"the KQL query; it may start with '|' when table is given"`
	Table string `json:"table,omitempty" jsonschema:"the table a query starting with '|' reads"`
}

// UnknownName is a table or column the schema does not hold at that point of the
// query, with the closest names that do exist.
type UnknownName struct {
	Name        string   `json:"name"`
	Table       string   `json:"table,omitempty" jsonschema:"for a column: the table whose rows it was looked up in"`
	Line        int      `json:"line"`
	Col         int      `json:"col"`
	Suggestions []string `json:"suggestions"`
}

// UnknownFunction is a function call or evaluate plugin that neither Kusto nor
// the schema's stored functions define, with the closest names that exist.
type UnknownFunction struct {
	Name        string   `json:"name"`
	Kind        string   `json:"kind" jsonschema:"function, or plugin for evaluate NAME(...)"`
	Line        int      `json:"line"`
	Col         int      `json:"col"`
	Suggestions []string `json:"suggestions"`
}

// ValidateOutput is everything the validator found.
type ValidateOutput struct {
	Valid            bool              `json:"valid" jsonschema:"the query parses and every table, column, function and plugin resolves"`
	SyntaxErrors     []Diagnostic      `json:"syntax_errors"`
	UnknownTables    []UnknownName     `json:"unknown_tables"`
	UnknownColumns   []UnknownName     `json:"unknown_columns"`
	UnknownFunctions []UnknownFunction `json:"unknown_functions" jsonschema:"functions and evaluate plugins nobody defines, in query order"`
	Warnings         []Diagnostic      `json:"warnings" jsonschema:"e.g. a string operator on a non-string column"`
}

// Check enforces the query limit and the table name limit.
func (in ValidateInput) Check() error {
	if strings.TrimSpace(in.Query) == "" {
		return toolkit.Errorf(toolkit.InvalidInput, "query is required")
	}
	if err := toolkit.CheckChars("query", in.Query, toolkit.MaxKQLChars); err != nil {
		return err
	}
	return toolkit.CheckChars("table", in.Table, toolkit.MaxNameChars)
}

// Summary lists the findings as line:col lines.
func (out ValidateOutput) Summary() string {
	if out.Valid && len(out.Warnings) == 0 {
		return "valid: the query parses and every table, column and function exists"
	}
	verdict := "valid with warnings"
	if !out.Valid {
		verdict = "invalid"
	}
	lines := []string{verdict}
	for _, d := range out.SyntaxErrors {
		lines = append(lines, fmt.Sprintf("%d:%d: syntax error: %s", d.Line, d.Col, d.Message))
	}
	for _, u := range out.UnknownTables {
		lines = append(lines, fmt.Sprintf("%d:%d: unknown table %q%s", u.Line, u.Col, u.Name, suggest(u.Suggestions)))
	}
	for _, u := range out.UnknownColumns {
		lines = append(lines, fmt.Sprintf("%d:%d: unknown column %q in %s%s", u.Line, u.Col, u.Name, u.Table, suggest(u.Suggestions)))
	}
	for _, u := range out.UnknownFunctions {
		lines = append(lines, fmt.Sprintf("%d:%d: unknown %s %q%s", u.Line, u.Col, u.Kind, u.Name, suggest(u.Suggestions)))
	}
	for _, d := range out.Warnings {
		lines = append(lines, fmt.Sprintf("%d:%d: warning: %s [%s]", d.Line, d.Col, d.Message, d.Code))
	}
	return strings.Join(lines, "\n")
}

func suggest(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return "; did you mean " + strings.Join(s, ", ") + "?"
}

func init() {
	register(&sdk.Tool{
		Name:  "validate_kql_against_schema",
		Title: "Validate KQL against the table schemas",
		Description: "Parses a KQL query and resolves every table and column against the Log Analytics / Defender XDR " +
			"schemas, following the query operator by operator (extend, project, summarize, join, ...). " +
			"Returns syntax errors and unknown tables, columns, functions and evaluate plugins with line:col and suggestions. " +
			"Findings are not a failed call: the result says valid=false.",
	}, validateQuery)
}

func validateQuery(_ context.Context, env *Env, in ValidateInput) (ValidateOutput, error) {
	if in.Table != "" {
		if _, ok := env.Schema.Table(in.Table); !ok {
			return ValidateOutput{}, unknownTable(env.Schema, in.Table)
		}
	}
	an := schema.ValidateText(in.Query, env.Schema, schema.Options{Table: in.Table})
	return ValidateOutput{
		Valid:            an.Valid(),
		SyntaxErrors:     diagnostics(an.Syntax),
		UnknownTables:    unknownNames(an.UnknownTables),
		UnknownColumns:   unknownNames(an.UnknownColumns),
		UnknownFunctions: unknownFunctions(an),
		Warnings:         diagnostics(an.Warnings),
	}, nil
}

// unknownFunctions merges the unknown functions and plugins in query order.
func unknownFunctions(an *schema.Analysis) []UnknownFunction {
	type found struct {
		kind string
		u    schema.Unknown
	}
	var all []found
	for _, u := range an.UnknownFunctions {
		all = append(all, found{"function", u})
	}
	for _, u := range an.UnknownPlugins {
		all = append(all, found{"plugin", u})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].u.Offset < all[j].u.Offset })
	out := make([]UnknownFunction, len(all))
	for i, f := range all {
		out[i] = UnknownFunction{Name: f.u.Name, Kind: f.kind, Line: f.u.Line, Col: f.u.Col, Suggestions: nonNil(f.u.Suggestions)}
	}
	return out
}

func unknownNames(us []schema.Unknown) []UnknownName {
	out := make([]UnknownName, len(us))
	for i, u := range us {
		out[i] = UnknownName{Name: u.Name, Table: u.Table, Line: u.Line, Col: u.Col, Suggestions: nonNil(u.Suggestions)}
	}
	return out
}
