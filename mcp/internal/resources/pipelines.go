package resources

import (
	"context"
	"strings"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/sigmakql/sigmakql/mcp/internal/tools"
)

// PipelineTemplate is the URI template of one built-in pipeline's description.
const (
	PipelineTemplate = "sigmakql://pipelines/{name}"
	pipelinePrefix   = "sigmakql://pipelines/"
)

// registerPipelines adds the pipeline template and one listed resource per
// built-in pipeline, so clients that only list resources still find them.
func registerPipelines(s *sdk.Server) {
	s.AddResourceTemplate(&sdk.ResourceTemplate{
		Name:        "pipeline",
		Title:       "Built-in pipeline",
		Description: "A built-in pipeline as JSON: description, options and the logsources it supports with their tables.",
		URITemplate: PipelineTemplate,
		MIMEType:    jsonMIME,
	}, pipelineHandler)
	for _, p := range tools.Pipelines() {
		s.AddResource(&sdk.Resource{
			Name:        "pipeline-" + p.Name,
			Title:       "Pipeline " + p.Name,
			Description: p.Description,
			URI:         pipelinePrefix + p.Name,
			MIMEType:    jsonMIME,
		}, pipelineHandler)
	}
}

func pipelineHandler(_ context.Context, req *sdk.ReadResourceRequest) (*sdk.ReadResourceResult, error) {
	uri := req.Params.URI
	name, _ := strings.CutPrefix(uri, pipelinePrefix)
	for _, p := range tools.Pipelines() {
		if p.Name == name {
			return jsonContents(uri, p)
		}
	}
	return nil, sdk.ResourceNotFoundError(uri)
}
