package tools

import (
	"context"
	"fmt"
	"strings"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/sigmakql/sigmakql/convert"
	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
	kqlparse "github.com/sigmakql/sigmakql/kql"
	"github.com/sigmakql/sigmakql/mcp/internal/toolkit"
	"github.com/sigmakql/sigmakql/passes"
	"github.com/sigmakql/sigmakql/schema"
)

// ConvertInput is a rule and how to compile it.
type ConvertInput struct {
	RuleSource
	Pipeline     string              `json:"pipeline,omitempty" jsonschema:"built-in pipeline name from list_pipelines (default azure_monitor)"`
	PipelineYAML string              `json:"pipeline_yaml,omitempty" jsonschema:"a pySigma processing pipeline as YAML (field mappings, custom tables), composed with pipeline by priority as sigmakql convert -p FILE.yml is"`
	TargetTable  string              `json:"target_table,omitempty" jsonschema:"read this table instead of the one the pipeline chooses"`
	Placeholders map[string][]string `json:"placeholders,omitempty" jsonschema:"values for %name% placeholders of |expand modifiers, by name"`
	Settings     map[string]string   `json:"settings,omitempty" jsonschema:"pipeline options by name (see list_pipelines), e.g. {\"process_creation\": \"security\"}"`
}

// ConvertedRule is one Sigma document's conversion.
type ConvertedRule struct {
	ID          string       `json:"id"`
	Title       string       `json:"title"`
	OK          bool         `json:"ok" jsonschema:"false when the rule is unsupported; the error diagnostics give the exact reason"`
	Table       string       `json:"table" jsonschema:"the Log Analytics table the queries read (empty for a correlation)"`
	Queries     []string     `json:"queries" jsonschema:"one KQL query per condition of the rule, or the correlation's query"`
	Diagnostics []Diagnostic `json:"diagnostics"`
}

// ConvertOutput is the conversion of every rule and correlation in the YAML.
type ConvertOutput struct {
	Pipeline string          `json:"pipeline" jsonschema:"the pipelines applied, in priority order"`
	Rules    []ConvertedRule `json:"rules" jsonschema:"rules and correlations; filters are applied, not listed, and a correlation's rules are listed only with generate: true"`
}

// defaultPipeline is used when the call names none, as in the CLI.
const defaultPipeline = "azure_monitor"

// Limits on the small maps, so no argument is unbounded.
const (
	maxPlaceholderValues = 1_000
	maxSettings          = 64
	maxPipelineChars     = 50_000 // characters of pipeline_yaml
)

// Check enforces the source rules and every size limit.
func (in ConvertInput) Check() error {
	if err := in.RuleSource.check(); err != nil {
		return err
	}
	for field, v := range map[string]string{"pipeline": in.Pipeline, "target_table": in.TargetTable} {
		if err := toolkit.CheckChars(field, v, toolkit.MaxNameChars); err != nil {
			return err
		}
	}
	n := 0
	for name, vals := range in.Placeholders {
		n += len(vals) + 1
		if err := toolkit.CheckChars("placeholder name", name, toolkit.MaxNameChars); err != nil {
			return err
		}
	}
	if err := toolkit.CheckChars("pipeline_yaml", in.PipelineYAML, maxPipelineChars); err != nil {
		return err
	}
	if err := toolkit.CheckCount("placeholders", n, maxPlaceholderValues); err != nil {
		return err
	}
	return toolkit.CheckCount("settings", len(in.Settings), maxSettings)
}

// Summary prints each rule's queries, or why it is unsupported.
func (out ConvertOutput) Summary() string {
	var b strings.Builder
	for i, r := range out.Rules {
		if i > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(r.Title)
		if r.Table != "" {
			fmt.Fprintf(&b, " (%s)", r.Table)
		}
		if !r.OK {
			b.WriteString(": unsupported")
		}
		for _, q := range r.Queries {
			b.WriteString("\n" + q)
		}
		for _, d := range r.Diagnostics {
			fmt.Fprintf(&b, "\n%s: %s [%s]", d.Severity, d.Message, d.Code)
		}
	}
	return b.String()
}

func init() {
	register(&sdk.Tool{
		Name:  "convert_sigma_to_kql",
		Title: "Convert Sigma to KQL",
		Description: "Compiles a Sigma rule, or a collection (multi-document YAML) of rules, correlations and meta filters, " +
			"to KQL for Microsoft Sentinel / Log Analytics through a pipeline (default azure_monitor, optionally " +
			"composed with a pySigma pipeline_yaml): per rule the table, one query per condition, and diagnostics with codes; " +
			"per correlation one query over its rules. Filters apply to the rules they name; a correlation's rules are " +
			"listed on their own only when it says generate: true. " +
			"The KQL means exactly what the rule means; a rule the target cannot express fails with " +
			"unsupported_rule and the exact reason, a rule that does not parse with conversion_error.",
	}, convertRule)
}

func convertRule(_ context.Context, env *Env, in ConvertInput) (ConvertOutput, error) {
	pipe, name, err := convertPipeline(in)
	if err != nil {
		return ConvertOutput{}, err
	}
	if in.TargetTable != "" {
		if _, ok := env.Schema.Table(in.TargetTable); !ok {
			return ConvertOutput{}, unknownTable(env.Schema, in.TargetTable)
		}
	}
	file, parseDiags, err := parseRule(env, in.RuleSource)
	if err != nil {
		return ConvertOutput{}, err
	}
	conv := convert.Converter{
		Pipeline: pipe,
		Passes:   passes.Options{TargetTable: in.TargetTable, Placeholders: in.Placeholders, Settings: in.Settings, Schema: env.Schema},
	}
	out := ConvertOutput{Pipeline: name, Rules: []ConvertedRule{}}
	for _, r := range conv.Convert([]convert.Input{{Name: file.Name, File: file, Diags: parseDiags}}) {
		out.Rules = append(out.Rules, ConvertedRule{ID: r.ID, Title: r.Title, OK: r.OK, Table: r.Table,
			Queries: r.Queries, Diagnostics: diagnostics(r.Diagnostics)})
	}
	if len(out.Rules) == 0 {
		return out, conversionError("the YAML holds only meta filters; give them with the rules they apply to", parseDiags)
	}
	if err := unsupportedError(out); err != nil {
		return out, err // test_sigma_rule reads the table and reasons from out
	}
	return out, validateEmitted(env, out)
}

// convertPipeline is the built-in pipeline the call names, composed with its
// pipeline_yaml when given; name lists them in priority order.
func convertPipeline(in ConvertInput) (*passes.Pipeline, string, error) {
	pipe, name, err := lookupPipeline(in.Pipeline)
	if err != nil || in.PipelineYAML == "" {
		return pipe, name, err
	}
	user, ds := passes.LoadPipeline(inlinePipelineName, []byte(in.PipelineYAML))
	if ds.HasErrors() || user == nil {
		return nil, "", toolkit.WithDiagnostics(toolkit.InvalidInput, "pipeline_yaml is not a valid pipeline", ds.Errors())
	}
	userName := user.Name
	if userName == "" {
		userName = "pipeline_yaml"
	}
	names := []string{name, userName}
	if user.Priority < pipe.Priority {
		names = []string{user.Name, name}
	}
	return passes.Compose(pipe, user), strings.Join(names, " + "), nil
}

// inlinePipelineName is the file name diagnostics carry for pipeline_yaml.
const inlinePipelineName = "pipeline.yml"

// validateEmitted checks every emitted query against the schema of its table, so
// that no query reaches the caller reading a column its table does not have
// (DESIGN §2). A failure here is a backend or pipeline bug, reported as
// schema_validation_error with the validator's findings rather than hidden.
func validateEmitted(env *Env, out ConvertOutput) error {
	var found diag.List
	for _, r := range out.Rules {
		for _, q := range r.Queries {
			an := schema.ValidateText(q, env.Schema, schema.Options{})
			if an.Valid() || tooLongToCheck(an) {
				continue
			}
			found.Add(an.Diagnostics().WithFile(r.Title)...)
		}
	}
	if len(found) == 0 {
		return nil
	}
	return toolkit.WithDiagnostics(toolkit.SchemaValidationError,
		"the emitted KQL does not validate against the table schema (a sigmakql bug; please report it with the rule)", found)
}

// tooLongToCheck reports whether validation stopped only because the query is
// longer than the KQL parser accepts; such a query (a long hash list) is still
// valid for Log Analytics.
func tooLongToCheck(an *schema.Analysis) bool {
	for _, d := range an.Syntax {
		if d.Code != kqlparse.CodeTooLong {
			return false
		}
	}
	return len(an.Syntax) > 0
}

// unsupportedError fails the call when no document converted, so the agent sees
// isError with unsupported_rule and the reasons; a collection with some
// convertible rules succeeds and marks the others ok=false.
func unsupportedError(out ConvertOutput) error {
	var reasons diag.List
	for _, r := range out.Rules {
		if r.OK {
			return nil
		}
		for _, d := range r.Diagnostics {
			if d.Severity == "error" {
				reasons.Add(diag.Diagnostic{Pos: diag.Pos{File: d.File, Line: d.Line, Col: d.Col}, Severity: diag.Error, Code: diag.Code(d.Code), Message: d.Message, Suggestions: d.Suggestions})
			}
		}
	}
	return toolkit.WithDiagnostics(toolkit.UnsupportedRule, "the rule cannot be expressed exactly in KQL for this pipeline", reasons)
}

// lookupPipeline returns the named built-in pipeline (azure_monitor by default),
// or invalid_input with the closest names.
func lookupPipeline(name string) (*passes.Pipeline, string, error) {
	if name == "" {
		name = defaultPipeline
	}
	p, err := passes.Lookup(name)
	if err != nil {
		if d, ok := err.(diag.Diagnostic); ok {
			msg := d.Message
			if len(d.Suggestions) > 0 {
				msg += "; did you mean " + strings.Join(d.Suggestions, ", ") + "?"
			}
			return nil, "", toolkit.Errorf(toolkit.InvalidInput, "%s", msg)
		}
		return nil, "", toolkit.Errorf(toolkit.InternalError, "loading pipeline %q: %v", name, err)
	}
	return p, name, nil
}

func documentKind(doc ir.Document) string {
	switch doc.(type) {
	case *ir.Correlation:
		return "correlation"
	case *ir.Filter:
		return "filter"
	}
	return "rule"
}

// conversionError is the conversion_error for a rule that cannot be read.
func conversionError(message string, ds diag.List) error {
	return toolkit.WithDiagnostics(toolkit.ConversionError, message, ds.Errors())
}
