package tools

import (
	"context"
	"fmt"
	"strings"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/sigmakql/sigmakql/passes"
)

// ListPipelinesInput takes no arguments.
type ListPipelinesInput struct{}

// PipelineLogsource is one logsource a pipeline knows.
type PipelineLogsource struct {
	Product     string   `json:"product,omitempty"`
	Category    string   `json:"category,omitempty"`
	Service     string   `json:"service,omitempty"`
	Tables      []string `json:"tables,omitempty" jsonschema:"tables the logsource may be read from; the first is the default"`
	Unsupported string   `json:"unsupported,omitempty" jsonschema:"why rules with this logsource cannot be converted"`
	Note        string   `json:"note,omitempty"`
}

// PipelineOption is one setting a pipeline accepts (the settings argument of
// convert_sigma_to_kql).
type PipelineOption struct {
	Name    string   `json:"name"`
	Default string   `json:"default"`
	Values  []string `json:"values"`
	Doc     string   `json:"doc"`
}

// PipelineInfo describes one built-in pipeline.
type PipelineInfo struct {
	Name        string              `json:"name"`
	Description string              `json:"description"`
	Priority    int                 `json:"priority"`
	Options     []PipelineOption    `json:"options"`
	Logsources  []PipelineLogsource `json:"logsources"`
}

// ListPipelinesOutput lists the built-in pipelines.
type ListPipelinesOutput struct {
	Pipelines []PipelineInfo `json:"pipelines"`
}

// Summary names each pipeline with its logsource count.
func (out ListPipelinesOutput) Summary() string {
	lines := make([]string, len(out.Pipelines))
	for i, p := range out.Pipelines {
		lines[i] = fmt.Sprintf("%s: %s (%d logsources, %d options)", p.Name, p.Description, len(p.Logsources), len(p.Options))
	}
	return strings.Join(lines, "\n")
}

func init() {
	register(&sdk.Tool{
		Name:  "list_pipelines",
		Title: "List pipelines",
		Description: "Lists the built-in Sigma processing pipelines, the logsources each supports with the tables " +
			"they map to (or why they are unsupported), and the options convert_sigma_to_kql accepts in settings.",
	}, listPipelines)
}

func listPipelines(context.Context, *Env, ListPipelinesInput) (ListPipelinesOutput, error) {
	return ListPipelinesOutput{Pipelines: Pipelines()}, nil
}

// Pipelines returns the built-in pipelines in output form; the pipelines resource
// uses it too.
func Pipelines() []PipelineInfo {
	var out []PipelineInfo
	for _, b := range passes.Builtins() {
		p := PipelineInfo{Name: b.Name, Description: b.Description, Priority: b.Priority,
			Options: []PipelineOption{}, Logsources: []PipelineLogsource{}}
		for _, o := range b.Options {
			p.Options = append(p.Options, PipelineOption{Name: o.Name, Default: o.Default, Values: nonNil(o.Values), Doc: o.Doc})
		}
		for _, l := range b.Logsources {
			p.Logsources = append(p.Logsources, PipelineLogsource(l))
		}
		out = append(out, p)
	}
	if out == nil {
		out = []PipelineInfo{}
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
