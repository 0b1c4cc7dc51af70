// Package prompts offers the two conversations an agent most often needs with
// sigmakql: taking a Sigma rule all the way to tested KQL, and repairing a query
// that names columns its table does not have.
package prompts

import (
	"context"
	"fmt"
	"strings"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// maxArgChars bounds a prompt argument; prompts embed their arguments verbatim.
const maxArgChars = 50_000

// Register adds the prompts to s.
func Register(s *sdk.Server) {
	s.AddPrompt(&sdk.Prompt{
		Name:        "sigma_to_tested_kql",
		Title:       "Sigma → KQL → validate → test",
		Description: "Walk a Sigma rule through lint, conversion, schema validation and an offline test on sample events.",
		Arguments: []*sdk.PromptArgument{
			{Name: "sigma_yaml", Description: "the Sigma rule as YAML", Required: true},
			{Name: "pipeline", Description: "pipeline name from list_pipelines (optional)"},
		},
	}, workflow)
	s.AddPrompt(&sdk.Prompt{
		Name:        "fix_unknown_columns",
		Title:       "Fix unknown columns in a KQL query",
		Description: "Validate a KQL query against the table schemas and repair every unknown table or column.",
		Arguments: []*sdk.PromptArgument{
			{Name: "query", Description: "the KQL query", Required: true},
			{Name: "table", Description: "the table the query should read (optional)"},
		},
	}, fixColumns)
}

func workflow(_ context.Context, req *sdk.GetPromptRequest) (*sdk.GetPromptResult, error) {
	rule, err := argument(req, "sigma_yaml", true)
	if err != nil {
		return nil, err
	}
	pipeline, _ := argument(req, "pipeline", false)
	pipeArg := ""
	if pipeline != "" {
		pipeArg = fmt.Sprintf(" with pipeline %q", pipeline)
	}
	text := fmt.Sprintf(`Take this Sigma rule to a tested KQL query for Microsoft Sentinel, step by step, using the sigmakql tools.

1. Call check_sigma_rule on it. Fix every error (keep the rule's meaning) and explain each change.
2. Call convert_sigma_to_kql%s. If it fails with unsupported_rule, report the exact reason and stop; do not loosen the rule to make it convert.
3. Call validate_kql_against_schema on each query with the table the conversion chose. Treat unknown columns as a pipeline or field-mapping problem, not a reason to edit the KQL by hand.
4. Write a few sample events: at least one that must match and one near miss that must not. Call test_sigma_rule with them and their expectations, and make sure the compiled KQL and the direct interpreter agree.
5. Report the final KQL, the diagnostics that remain and the test verdicts.

The rule:

%s`, pipeArg, fence("yaml", rule))
	return userMessage("Sigma → KQL → validate → test", text), nil
}

func fixColumns(_ context.Context, req *sdk.GetPromptRequest) (*sdk.GetPromptResult, error) {
	query, err := argument(req, "query", true)
	if err != nil {
		return nil, err
	}
	table, _ := argument(req, "table", false)
	tableArg := ""
	if table != "" {
		tableArg = fmt.Sprintf(" with table %q", table)
	}
	text := fmt.Sprintf(`Repair the unknown tables and columns in this KQL query.

1. Call validate_kql_against_schema on it%s.
2. For each unknown table or column, read the suggestions and confirm the right name with get_table_schema (or list_tables with a column search when the column may live in another table). Check the type too: a string compared with a number needs tostring() or a different column.
3. Change only the names that are wrong, keep the query's logic, and validate again until there are no syntax errors and no unknown tables or columns.
4. Show the corrected query and list each rename with the reason.

The query:

%s`, tableArg, fence("kql", query))
	return userMessage("Fix unknown columns", text), nil
}

// argument returns a prompt argument after checking its size.
func argument(req *sdk.GetPromptRequest, name string, required bool) (string, error) {
	v := req.Params.Arguments[name]
	if required && v == "" {
		return "", fmt.Errorf("invalid_input: argument %q is required", name)
	}
	if len([]rune(v)) > maxArgChars {
		return "", fmt.Errorf("limit_exceeded: argument %q is longer than %d characters", name, maxArgChars)
	}
	return v, nil
}

// fence wraps body in a Markdown code block whose fence the body cannot close.
func fence(lang, body string) string {
	f := "```"
	for strings.Contains(body, f) {
		f += "`"
	}
	return f + lang + "\n" + body + "\n" + f
}

func userMessage(description, text string) *sdk.GetPromptResult {
	return &sdk.GetPromptResult{
		Description: description,
		Messages:    []*sdk.PromptMessage{{Role: "user", Content: &sdk.TextContent{Text: text}}},
	}
}
