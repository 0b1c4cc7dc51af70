package schema

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/sigmakql/sigmakql/schema/internal/coltype"
)

// canonicalImportType maps an export's type name onto Kusto's; an empty type is
// not accepted here, unlike in the documentation snapshot.
func canonicalImportType(t string) (string, bool) {
	if strings.TrimSpace(t) == "" {
		return "", false
	}
	return coltype.Normalize(t)
}

// armTables reads Log Analytics' table list (ARM): {"value": [table…]} or one
// table. Standard columns (TenantId, TimeGenerated, …) follow the table's own.
// It also reads the workspace's saved searches (GET …/savedSearches), whose
// items with a functionAlias are the workspace's stored functions; saved
// searches without one are plain queries and are skipped.
func (b *importBuilder) armTables(data []byte) error {
	type armTable struct {
		Name       string `json:"name"`
		Properties struct {
			Schema *struct {
				Name            string      `json:"name"`
				Columns         []namedType `json:"columns"`
				StandardColumns []namedType `json:"standardColumns"`
			} `json:"schema"`
			FunctionAlias      string `json:"functionAlias"`
			FunctionParameters string `json:"functionParameters"`
			Query              string `json:"query"`
		} `json:"properties"`
	}
	var doc struct {
		Value []armTable `json:"value"`
		armTable
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return err
	}
	tables := doc.Value
	if doc.Value == nil {
		tables = []armTable{doc.armTable}
	}
	for _, t := range tables {
		var err error
		switch p := t.Properties; {
		case p.FunctionAlias != "":
			err = b.addFunction(p.FunctionAlias, p.FunctionParameters, p.Query)
		case p.Schema != nil:
			err = b.addTable(nameOr(p.Schema.Name, t.Name), append(p.Schema.Columns, p.Schema.StandardColumns...))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// adxDatabases reads the Databases object of `.show database schema as json`;
// the tables of every database listed are imported.
func (b *importBuilder) adxDatabases(raw json.RawMessage) error {
	var dbs map[string]struct {
		Tables map[string]struct {
			Name           string      `json:"Name"`
			OrderedColumns []namedType `json:"OrderedColumns"`
		} `json:"Tables"`
		Functions map[string]struct {
			Name            string `json:"Name"`
			InputParameters []struct {
				namedType
				Columns []namedType `json:"Columns"`
			} `json:"InputParameters"`
			Body string `json:"Body"`
		} `json:"Functions"`
	}
	if err := json.Unmarshal(raw, &dbs); err != nil {
		return err
	}
	for _, db := range dbs {
		for key, t := range db.Tables {
			if err := b.addTable(nameOr(t.Name, key), t.OrderedColumns); err != nil {
				return err
			}
		}
		for key, f := range db.Functions {
			params := make([]string, len(f.InputParameters))
			for i, p := range f.InputParameters {
				params[i] = adxParam(p.namedType, p.Columns)
			}
			if err := b.addFunction(nameOr(f.Name, key), strings.Join(params, ", "), f.Body); err != nil {
				return err
			}
		}
	}
	return nil
}

// adxParam writes one function parameter: name:type, or name:(col:type, …) for
// a tabular one.
func adxParam(p namedType, cols []namedType) string {
	if cols == nil {
		typ := p.CslType
		if typ == "" {
			typ, _ = coltype.Normalize(p.Type)
		}
		return p.Name + ":" + typ
	}
	decls := make([]string, len(cols))
	for i, c := range cols {
		decls[i] = adxParam(c, nil)
	}
	if len(decls) == 0 {
		decls = []string{"*"}
	}
	return p.Name + ":(" + strings.Join(decls, ", ") + ")"
}

// queryTable is one table of a Log Analytics query API response: metadata
// tables have name and columns, query results have columns and rows.
type queryTable struct {
	Name    string              `json:"name"`
	Columns []namedType         `json:"columns"`
	Rows    [][]json.RawMessage `json:"rows"`
}

// queryAPI reads either the workspace metadata or a getschema query result.
func (b *importBuilder) queryAPI(data []byte, opts ImportOptions) error {
	var doc struct {
		Tables    []queryTable `json:"tables"`
		Functions []struct {
			Name       string `json:"name"`
			Parameters string `json:"parameters"`
			Body       string `json:"body"`
		} `json:"functions"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return err
	}
	for _, t := range doc.Tables {
		var err error
		if t.Rows != nil {
			err = b.getschemaRows(t, opts.Table)
		} else {
			err = b.addTable(t.Name, t.Columns)
		}
		if err != nil {
			return err
		}
	}
	for _, f := range doc.Functions {
		if err := b.addFunction(f.Name, f.Parameters, f.Body); err != nil {
			return err
		}
	}
	return nil
}

// getschemaCSV reads a getschema result saved as CSV.
func (b *importBuilder) getschemaCSV(data []byte, table string) error {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	records, err := r.ReadAll()
	if err != nil {
		return fmt.Errorf("not JSON, and not CSV: %v", err)
	}
	if len(records) == 0 {
		return errors.New("empty CSV")
	}
	t := queryTable{Name: "CSV"}
	for _, h := range records[0] {
		t.Columns = append(t.Columns, namedType{Name: strings.TrimPrefix(h, "\ufeff")})
	}
	for _, rec := range records[1:] {
		row := make([]json.RawMessage, len(rec))
		for i, cell := range rec {
			row[i], _ = json.Marshal(cell)
		}
		t.Rows = append(t.Rows, row)
	}
	return b.getschemaRows(t, table)
}

// getschemaRows reads the rows of a getschema result, grouped by their table.
func (b *importBuilder) getschemaRows(t queryTable, table string) error {
	idx := map[string]int{}
	for i, c := range t.Columns {
		idx[strings.ToLower(strings.TrimSpace(c.Name))] = i
	}
	col, hasCol := idx["columnname"]
	typ, hasType := idx["columntype"]
	if !hasType {
		typ, hasType = idx["datatype"]
	}
	tab, hasTab := idx["tablename"]
	if !hasTab {
		tab, hasTab = idx["$table"]
	}
	if !hasCol || !hasType {
		return fmt.Errorf("query result %q has no ColumnName and ColumnType (or DataType) columns", t.Name)
	}
	if !hasTab && table == "" {
		return fmt.Errorf("query result %q has no TableName column; name the table with --table", t.Name)
	}
	order, cols := []string{}, map[string][]namedType{}
	for _, row := range t.Rows {
		name := table
		if hasTab {
			name = cellString(row, tab)
		}
		if _, ok := cols[name]; !ok {
			order = append(order, name)
		}
		cols[name] = append(cols[name], namedType{Name: cellString(row, col), Type: cellString(row, typ)})
	}
	for _, name := range order {
		if err := b.addTable(name, cols[name]); err != nil {
			return err
		}
	}
	return nil
}

// cellString returns a row's cell as a string ("" when absent or not a string).
func cellString(row []json.RawMessage, i int) string {
	var s string
	if i < len(row) {
		_ = json.Unmarshal(row[i], &s)
	}
	return s
}
