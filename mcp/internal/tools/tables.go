package tools

import (
	"context"
	"fmt"
	"strings"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/sigmakql/sigmakql/mcp/internal/toolkit"
)

// ListTablesInput filters the table catalogue.
type ListTablesInput struct {
	Search string `json:"search,omitempty" jsonschema:"case-insensitive substring of the table name, e.g. Process"`
	Column string `json:"column,omitempty" jsonschema:"case-insensitive substring of a column name: only tables with a matching column are listed"`
	Limit  int    `json:"limit,omitempty" jsonschema:"most tables to return (default 200, at most 1000)"`
}

// TableSummary is one table in a listing.
type TableSummary struct {
	Name           string   `json:"name"`
	Columns        int      `json:"columns" jsonschema:"number of columns"`
	MatchedColumns []string `json:"matched_columns,omitempty" jsonschema:"columns matching the column filter"`
}

// ListTablesOutput is the filtered catalogue.
type ListTablesOutput struct {
	Tables    []TableSummary `json:"tables"`
	Total     int            `json:"total" jsonschema:"number of tables that matched before the limit"`
	Truncated bool           `json:"truncated"`
}

const (
	defaultTableLimit = 200
	maxTableLimit     = 1000
)

// Check enforces the name limits.
func (in ListTablesInput) Check() error {
	if err := toolkit.CheckChars("search", in.Search, toolkit.MaxNameChars); err != nil {
		return err
	}
	if err := toolkit.CheckChars("column", in.Column, toolkit.MaxNameChars); err != nil {
		return err
	}
	if in.Limit < 0 || in.Limit > maxTableLimit {
		return toolkit.Errorf(toolkit.InvalidInput, "limit must be between 0 and %d", maxTableLimit)
	}
	return nil
}

// Summary says how many tables matched.
func (out ListTablesOutput) Summary() string {
	names := make([]string, len(out.Tables))
	for i, t := range out.Tables {
		names[i] = t.Name
	}
	s := fmt.Sprintf("%d tables matched", out.Total)
	if out.Truncated {
		s += fmt.Sprintf(" (first %d shown)", len(out.Tables))
	}
	if len(names) > 0 {
		s += ": " + strings.Join(names, ", ")
	}
	return s
}

func init() {
	register(&sdk.Tool{
		Name:  "list_tables",
		Title: "List Log Analytics tables",
		Description: "Lists the Log Analytics / Microsoft Sentinel and Defender XDR tables sigmakql knows, " +
			"optionally filtered by a substring of the table name and/or of a column name. " +
			"Use get_table_schema for a table's columns and types.",
	}, listTables)
}

func listTables(_ context.Context, env *Env, in ListTablesInput) (ListTablesOutput, error) {
	limit := in.Limit
	if limit == 0 {
		limit = defaultTableLimit
	}
	search, column := strings.ToLower(in.Search), strings.ToLower(in.Column)
	out := ListTablesOutput{Tables: []TableSummary{}}
	for _, name := range env.Schema.Tables() {
		if !strings.Contains(strings.ToLower(name), search) {
			continue
		}
		t, _ := env.Schema.Table(name)
		matched := matchColumns(t.Columns(), column)
		if column != "" && len(matched) == 0 {
			continue
		}
		out.Total++
		if len(out.Tables) < limit {
			out.Tables = append(out.Tables, TableSummary{Name: name, Columns: len(t.Columns()), MatchedColumns: matched})
		}
	}
	out.Truncated = out.Total > len(out.Tables)
	return out, nil
}
