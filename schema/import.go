package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// ImportOptions tune Import.
type ImportOptions struct {
	// Table names the table of a getschema result that has no TableName
	// column (the output of `T | getschema` for one table).
	Table string
}

// Import reads a workspace schema export and returns it as a Schema, ready for
// WriteJSON. It recognises, by shape:
//   - Log Analytics' table list, GET …/workspaces/{ws}/tables (ARM), or one table
//     from it: {"value": [{"name", "properties": {"schema": {"columns",
//     "standardColumns"}}}]};
//   - the workspace's saved searches, GET …/workspaces/{ws}/savedSearches (ARM):
//     {"value": [{"properties": {"functionAlias", "functionParameters", "query"}}]};
//   - the Log Analytics query API's workspace metadata, GET /v1/workspaces/{id}/metadata:
//     {"tables": [{"name", "columns": [{"name", "type"}]}], "functions": [{"name",
//     "parameters", "body"}]};
//   - a query result of getschema, as the query API returns it: {"tables": [{"columns",
//     "rows"}]} with ColumnName and ColumnType (or DataType) columns, and TableName
//     (or $table) unless opts.Table names the table;
//   - Azure Data Explorer's `.show database schema as json`: {"Databases": {"db":
//     {"Tables": {"T": {"OrderedColumns": [{"Name", "Type", "CslType"}]}}, "Functions"}}},
//     or that object as the JSON string the command's single cell holds;
//   - getschema's result saved as CSV (the portal's export), with a header row
//     naming ColumnName and ColumnType (or DataType), and TableName unless
//     opts.Table names the table;
//   - sigmakql's own schema file, which is returned as Load reads it.
func Import(r io.Reader, opts ImportOptions) (*Schema, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSchemaBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxSchemaBytes {
		return nil, fmt.Errorf("import: file is larger than %d bytes", MaxSchemaBytes)
	}
	var str string
	if json.Unmarshal(data, &str) == nil { // the cell of .show database schema as json
		data = []byte(str)
	}
	b := &importBuilder{tables: map[string]*Table{}, functions: map[string]*Function{}}
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] != '{' && trimmed[0] != '[' {
		if err := b.getschemaCSV(data, opts.Table); err != nil {
			return nil, fmt.Errorf("import: %v", err)
		}
		return b.schema()
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, fmt.Errorf("import: want a JSON object: %v", err)
	}
	switch {
	case probe["value"] != nil || probe["properties"] != nil:
		err = b.armTables(data)
	case probe["Databases"] != nil:
		err = b.adxDatabases(probe["Databases"])
	case isJSONObject(probe["tables"]):
		return Load(bytes.NewReader(data))
	case probe["tables"] != nil:
		err = b.queryAPI(data, opts)
	default:
		err = errors.New(`not a known schema export: want "value" (Log Analytics tables), "tables" (metadata or getschema), or "Databases" (Azure Data Explorer)`)
	}
	if err != nil {
		return nil, fmt.Errorf("import: %v", err)
	}
	return b.schema()
}

// schema returns what the builder collected.
func (b *importBuilder) schema() (*Schema, error) {
	if len(b.tables) == 0 && len(b.functions) == 0 {
		return nil, errors.New("import: the export holds no tables")
	}
	s := newSchema(b.tables)
	s.functions = b.functions
	return s, nil
}

func isJSONObject(raw json.RawMessage) bool {
	return bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{"))
}

// importBuilder collects the tables and functions of an export.
type importBuilder struct {
	tables    map[string]*Table
	functions map[string]*Function
}

// namedType is a column as exports write it; the spellings of its keys differ
// between formats, and JSON decoding ignores their case.
type namedType struct {
	Name    string `json:"name"`
	Type    string `json:"type"`
	CslType string `json:"CslType"`
}

// addTable adds a table's columns in order, normalising their types; a column
// named twice keeps its first type.
func (b *importBuilder) addTable(name string, cols []namedType) error {
	if name == "" {
		return errors.New("a table has no name")
	}
	out := make([]Column, 0, len(cols))
	seen := map[string]bool{}
	for _, c := range cols {
		typ := c.Type
		if c.CslType != "" {
			typ = c.CslType
		}
		canon, ok := canonicalImportType(typ)
		if c.Name == "" || !ok {
			return fmt.Errorf("table %s: column %q has unknown type %q", name, c.Name, typ)
		}
		if !seen[c.Name] {
			seen[c.Name] = true
			out = append(out, Column{Name: c.Name, Type: canon})
		}
	}
	b.tables[name] = newTable(name, out)
	return nil
}

// addFunction adds a stored function; params may lack their parentheses.
func (b *importBuilder) addFunction(name, params, body string) error {
	params = strings.TrimSpace(params)
	if !strings.HasPrefix(params, "(") {
		params = "(" + params + ")"
	}
	body = strings.TrimSpace(body)
	if !strings.HasPrefix(body, "{") {
		body = "{ " + body + " }"
	}
	f, err := newFunction(name, params, body, false)
	if err != nil {
		return err
	}
	b.functions[name] = f
	return nil
}
