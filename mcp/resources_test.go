package mcp_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/sigmakql/sigmakql/mcp"
)

func TestResources(t *testing.T) {
	s := connect(t, mcp.Options{})
	tests := []struct {
		name string
		uri  string
		mime string
		want string // a fragment of the text
	}{
		{"table schema", "sigmakql://schema/SecurityEvent", "application/json", `"name": "EventID"`},
		{"pipeline", "sigmakql://pipelines/azure_monitor", "application/json", `"logsources"`},
		{"modifiers", "sigmakql://reference/modifiers", "text/markdown", "`windash`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := s.cs.ReadResource(context.Background(), &sdk.ReadResourceParams{URI: tt.uri})
			if err != nil {
				t.Fatalf("read %s: %v", tt.uri, err)
			}
			c := res.Contents[0]
			if c.MIMEType != tt.mime || !strings.Contains(c.Text, tt.want) {
				t.Errorf("%s: mime %s, text lacks %q:\n%.300s", tt.uri, c.MIMEType, tt.want, c.Text)
			}
			if tt.mime == "application/json" && !json.Valid([]byte(c.Text)) {
				t.Errorf("%s: not JSON", tt.uri)
			}
		})
	}
	for _, uri := range []string{"sigmakql://schema/NoSuchTable", "sigmakql://pipelines/nope", "sigmakql://other"} {
		if _, err := s.cs.ReadResource(context.Background(), &sdk.ReadResourceParams{URI: uri}); err == nil {
			t.Errorf("%s: read succeeded", uri)
		}
	}
}

func TestResourceListings(t *testing.T) {
	s := connect(t, mcp.Options{})
	templates, err := s.cs.ListResourceTemplates(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var uris []string
	for _, rt := range templates.ResourceTemplates {
		uris = append(uris, rt.URITemplate)
	}
	for _, want := range []string{"sigmakql://schema/{table}", "sigmakql://pipelines/{name}"} {
		if !strings.Contains(strings.Join(uris, " "), want) {
			t.Errorf("templates %v lack %s", uris, want)
		}
	}
}

func TestPrompts(t *testing.T) {
	s := connect(t, mcp.Options{})
	tests := []struct {
		name string
		args map[string]string
		want []string
	}{
		{"sigma_to_tested_kql", map[string]string{"sigma_yaml": whoamiRule, "pipeline": "azure_monitor"},
			[]string{"check_sigma_rule", "convert_sigma_to_kql", "validate_kql_against_schema", "test_sigma_rule", "whoami.exe", `"azure_monitor"`}},
		{"fix_unknown_columns", map[string]string{"query": "SecurityEvent | where EventId == 4688"},
			[]string{"validate_kql_against_schema", "get_table_schema", "EventId == 4688"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := s.cs.GetPrompt(context.Background(), &sdk.GetPromptParams{Name: tt.name, Arguments: tt.args})
			if err != nil {
				t.Fatal(err)
			}
			text := res.Messages[0].Content.(*sdk.TextContent).Text
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("prompt lacks %q", w)
				}
			}
		})
		t.Run(tt.name+"/missing argument", func(t *testing.T) {
			if _, err := s.cs.GetPrompt(context.Background(), &sdk.GetPromptParams{Name: tt.name}); err == nil {
				t.Error("prompt without its required argument succeeded")
			}
		})
	}
}
