package eval

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
)

// Column is a named, typed column of a table.
type Column struct {
	Name string
	Type Type
}

// Table is an in-memory table: typed columns and rows of values in column order.
type Table struct {
	Columns []Column
	Rows    [][]Value
}

// ColumnIndex returns the index of the column with exactly this name (KQL
// column names are case-sensitive), or -1.
func (t *Table) ColumnIndex(name string) int {
	for i, c := range t.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// RowIDColumn is the name of a column a caller may add to a table to learn
// which of its rows a query returns (the test harness numbers events in it).
// Searches over all columns (* has "x") leave it out, so that adding it never
// changes a query's result.
const RowIDColumn = "__sigmakql_row"

// Database maps table names to tables. A Program reads it and never changes it.
type Database map[string]*Table

// maxJSONDepth bounds the nesting of JSON turned into dynamic values, so that
// hostile events cannot exhaust the stack.
const maxJSONDepth = 128

// decodeJSON decodes one JSON value into the forms a dynamic holds: integers
// as int64, other numbers as float64.
func decodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("trailing data after JSON value")
	}
	return fromJSON(x, 0)
}

// fromJSON converts what encoding/json decodes (with UseNumber) into dynamic form.
func fromJSON(x any, depth int) (any, error) {
	if depth > maxJSONDepth {
		return nil, fmt.Errorf("JSON nests deeper than %d", maxJSONDepth)
	}
	switch x := x.(type) {
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return n, nil
		}
		f, err := x.Float64()
		return f, err
	case float64:
		return x, nil
	case int:
		return int64(x), nil
	case int64, nil, bool, string:
		return x, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			v, err := fromJSON(e, depth+1)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			v, err := fromJSON(e, depth+1)
			if err != nil {
				return nil, err
			}
			out[k] = v
		}
		return out, nil
	}
	return nil, fmt.Errorf("unsupported JSON value of Go type %T", x)
}

// ValueOf converts a decoded JSON value (string, number, bool, nil, slice or
// map, as encoding/json produces) to a value of column type t, the way Kusto
// ingests JSON into a typed column: a missing or null value is the column
// type's null ("" for strings), a string column receives non-strings as their
// JSON text, and other types convert as the matching to…() function does.
func ValueOf(x any, t Type) (Value, error) {
	d, err := fromJSON(x, 0)
	if err != nil {
		return Value{}, err
	}
	if d == nil {
		return Null(t), nil
	}
	if t == TypeDynamic {
		return Dynamic(d), nil
	}
	return convertTo(Dynamic(d), t), nil
}

// TableFromJSON builds a table of the given columns from JSON objects: each
// object is a row, each column takes the member of its name (see ValueOf), and
// members no column names are ignored.
func TableFromJSON(cols []Column, objects []map[string]any) (*Table, error) {
	t := &Table{Columns: cols, Rows: make([][]Value, 0, len(objects))}
	for i, obj := range objects {
		row := make([]Value, len(cols))
		for j, c := range cols {
			v, err := ValueOf(obj[c.Name], c.Type)
			if err != nil {
				return nil, fmt.Errorf("row %d, column %s: %w", i+1, c.Name, err)
			}
			row[j] = v
		}
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}

// ColumnsOf converts (name, Kusto type name) pairs, as the schema package
// lists them, to columns; unknown type names such as decimal become an error.
func ColumnsOf(names, types []string) ([]Column, error) {
	if len(names) != len(types) {
		return nil, errors.New("eval: names and types differ in length")
	}
	cols := make([]Column, len(names))
	for i := range names {
		t, ok := ParseType(types[i])
		if !ok {
			return nil, fmt.Errorf("eval: column %s has type %s, which the local engine does not support", names[i], types[i])
		}
		cols[i] = Column{Name: names[i], Type: t}
	}
	return cols, nil
}

// cellEscaper keeps a cell on its line and in its column.
var cellEscaper = strings.NewReplacer("\n", `\n`, "\t", `\t`, "\r", `\r`)

// Format renders the table as text, one tab-separated line per row after a
// header, for golden tests and the CLI.
func (t *Table) Format() string {
	var b strings.Builder
	for i, c := range t.Columns {
		if i > 0 {
			b.WriteByte('\t')
		}
		b.WriteString(c.Name + ":" + c.Type.String())
	}
	b.WriteByte('\n')
	for _, row := range t.Rows {
		for i, v := range row {
			if i > 0 {
				b.WriteByte('\t')
			}
			if v.Null {
				b.WriteString("null")
			} else {
				b.WriteString(cellEscaper.Replace(toStringValue(v)))
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// jsonValue is the JSON form of a value: null, a bool, a number, dynamic
// content as itself, and everything else (datetime, timespan, guid) as the
// text tostring() gives.
func jsonValue(v Value) any {
	if v.Null {
		return nil
	}
	switch v.Type {
	case TypeString, TypeGuid, TypeDatetime, TypeTimespan:
		return toStringValue(v)
	case TypeBool:
		return v.N != 0
	case TypeInt, TypeLong:
		return v.N
	case TypeReal:
		if math.IsNaN(v.R) || math.IsInf(v.R, 0) {
			return formatReal(v.R)
		}
		return v.R
	case TypeDynamic:
		return json.RawMessage(dynamicJSON(v.D))
	}
	return nil
}

// MarshalJSON writes the table as {"columns":[{"name","type"}…],"rows":[[…]…]},
// the machine form the CLI and MCP tools print.
func (t *Table) MarshalJSON() ([]byte, error) {
	type column struct {
		Name string `json:"name"`
		Type string `json:"type"`
	}
	out := struct {
		Columns []column `json:"columns"`
		Rows    [][]any  `json:"rows"`
	}{Columns: make([]column, len(t.Columns)), Rows: make([][]any, len(t.Rows))}
	for i, c := range t.Columns {
		out.Columns[i] = column{c.Name, c.Type.String()}
	}
	for i, row := range t.Rows {
		out.Rows[i] = make([]any, len(row))
		for j, v := range row {
			out.Rows[i][j] = jsonValue(v)
		}
	}
	return json.Marshal(out)
}
