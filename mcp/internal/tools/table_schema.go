package tools

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/agnivade/levenshtein"
	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/sigmakql/sigmakql/mcp/internal/toolkit"
	"github.com/sigmakql/sigmakql/schema"
)

// GetTableSchemaInput names one table.
type GetTableSchemaInput struct {
	Table string `json:"table" jsonschema:"exact table name, e.g. SecurityEvent (case-sensitive, as in KQL)"`
}

// ColumnInfo is one column and its Kusto type.
type ColumnInfo struct {
	Name string `json:"name"`
	Type string `json:"type" jsonschema:"Kusto scalar type: string, int, long, real, bool, datetime, timespan, guid, dynamic or decimal"`
}

// GetTableSchemaOutput is a table's columns in documentation order.
type GetTableSchemaOutput struct {
	Table   string       `json:"table"`
	Columns []ColumnInfo `json:"columns"`
}

// Check enforces the name limit.
func (in GetTableSchemaInput) Check() error {
	if in.Table == "" {
		return toolkit.Errorf(toolkit.InvalidInput, "table is required")
	}
	return toolkit.CheckChars("table", in.Table, toolkit.MaxNameChars)
}

// Summary lists the columns as "name:type".
func (out GetTableSchemaOutput) Summary() string {
	cols := make([]string, len(out.Columns))
	for i, c := range out.Columns {
		cols[i] = c.Name + ":" + c.Type
	}
	return fmt.Sprintf("%s has %d columns: %s", out.Table, len(cols), strings.Join(cols, ", "))
}

func init() {
	register(&sdk.Tool{
		Name:  "get_table_schema",
		Title: "Get a table's columns",
		Description: "Returns the columns and Kusto types of one Log Analytics / Defender XDR table. " +
			"An unknown name fails with invalid_input and suggests the closest table names.",
	}, getTableSchema)
}

func getTableSchema(_ context.Context, env *Env, in GetTableSchemaInput) (GetTableSchemaOutput, error) {
	t, ok := env.Schema.Table(in.Table)
	if !ok {
		return GetTableSchemaOutput{}, unknownTable(env.Schema, in.Table)
	}
	return GetTableSchemaOutput{Table: t.Name, Columns: columnInfos(t.Columns())}, nil
}

// TableColumns returns the columns of a table as the tools print them; the schema
// resource uses it too, so both agree.
func TableColumns(s *schema.Schema, name string) (GetTableSchemaOutput, error) {
	return getTableSchema(context.Background(), &Env{Schema: s}, GetTableSchemaInput{Table: name})
}

func columnInfos(cols []schema.Column) []ColumnInfo {
	out := make([]ColumnInfo, len(cols))
	for i, c := range cols {
		out[i] = ColumnInfo{Name: c.Name, Type: c.Type}
	}
	return out
}

// unknownTable is the invalid_input error for a table name the schema lacks, with
// the closest names as suggestions.
func unknownTable(s *schema.Schema, name string) error {
	sugg := SuggestTables(s, name)
	msg := fmt.Sprintf("unknown table %q", name)
	if len(sugg) > 0 {
		msg += "; did you mean " + strings.Join(sugg, ", ") + "?"
	}
	return toolkit.Errorf(toolkit.InvalidInput, "%s", msg)
}

// SuggestTables returns up to three table names close to name: a spelling that
// differs only in case first, then the nearest by edit distance.
func SuggestTables(s *schema.Schema, name string) []string {
	var out []string
	if t, ok := s.TableFold(name); ok && t.Name != name {
		out = append(out, t.Name)
	}
	type near struct {
		name string
		dist int
	}
	lower := strings.ToLower(name)
	limit := max(2, len(name)/3)
	var cands []near
	for _, n := range s.Tables() {
		if d := levenshtein.ComputeDistance(lower, strings.ToLower(n)); d <= limit && (len(out) == 0 || n != out[0]) {
			cands = append(cands, near{n, d})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].dist < cands[j].dist })
	for _, c := range cands {
		if len(out) == 3 {
			break
		}
		out = append(out, c.name)
	}
	return out
}

// matchColumns returns the names of the columns whose lower-cased name contains
// sub; it returns nil when sub is empty.
func matchColumns(cols []schema.Column, sub string) []string {
	if sub == "" {
		return nil
	}
	var out []string
	for _, c := range cols {
		if strings.Contains(strings.ToLower(c.Name), sub) {
			out = append(out, c.Name)
		}
	}
	return out
}
