// Package resources serves the read-only documents an agent may want beside the
// tools: a table's schema (sigmakql://schema/{table}), a built-in pipeline
// (sigmakql://pipelines/{name}) and the Sigma modifier reference.
package resources

import (
	"context"
	"encoding/json"
	"strings"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/sigmakql/sigmakql/mcp/internal/tools"
	"github.com/sigmakql/sigmakql/schema"
)

// URIs and templates the server answers.
const (
	SchemaTemplate   = "sigmakql://schema/{table}"
	schemaPrefix     = "sigmakql://schema/"
	ModifiersURI     = "sigmakql://reference/modifiers"
	jsonMIME         = "application/json"
	markdownMIME     = "text/markdown"
	maxTableNameSize = 256
)

// Register adds the resources and resource templates to s.
func Register(s *sdk.Server, sch *schema.Schema) {
	s.AddResourceTemplate(&sdk.ResourceTemplate{
		Name:        "table-schema",
		Title:       "Log Analytics table schema",
		Description: "The columns and Kusto types of one table, as JSON {table, columns:[{name,type}]}. Use list_tables to find names.",
		URITemplate: SchemaTemplate,
		MIMEType:    jsonMIME,
	}, schemaHandler(sch))
	s.AddResource(&sdk.Resource{
		Name:        "sigma-modifiers",
		Title:       "Sigma modifier reference",
		Description: "Every Sigma value modifier sigmakql accepts, its spellings, meaning and KQL translation.",
		URI:         ModifiersURI,
		MIMEType:    markdownMIME,
	}, textHandler(markdownMIME, modifierReference()))
	registerPipelines(s)
}

func schemaHandler(sch *schema.Schema) sdk.ResourceHandler {
	return func(_ context.Context, req *sdk.ReadResourceRequest) (*sdk.ReadResourceResult, error) {
		uri := req.Params.URI
		name, ok := strings.CutPrefix(uri, schemaPrefix)
		if !ok || name == "" || len(name) > maxTableNameSize {
			return nil, sdk.ResourceNotFoundError(uri)
		}
		out, err := tools.TableColumns(sch, name)
		if err != nil {
			return nil, sdk.ResourceNotFoundError(uri)
		}
		return jsonContents(uri, out)
	}
}

func textHandler(mime, text string) sdk.ResourceHandler {
	return func(_ context.Context, req *sdk.ReadResourceRequest) (*sdk.ReadResourceResult, error) {
		return &sdk.ReadResourceResult{Contents: []*sdk.ResourceContents{{URI: req.Params.URI, MIMEType: mime, Text: text}}}, nil
	}
}

func jsonContents(uri string, v any) (*sdk.ReadResourceResult, error) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, err
	}
	return &sdk.ReadResourceResult{Contents: []*sdk.ResourceContents{{URI: uri, MIMEType: jsonMIME, Text: string(b)}}}, nil
}
