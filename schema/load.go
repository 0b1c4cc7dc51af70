package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"

	"github.com/sigmakql/sigmakql/schema/internal/coltype"
)

// MaxSchemaBytes bounds the size of a user schema file Load accepts; the whole
// documented Log Analytics schema is about half a megabyte.
const MaxSchemaBytes = 64 << 20

// Load reads a schema in the JSON shape of ../shared/data/loganalytics-tables.json:
// {"tables": {"T": [["Col","type"], …]}}. A table may also be given as an object
// {"Col": "type"}, the form the kql-oracle accepts, and stored functions as the
// oracle's "functions": {"F": {"params": "(a:string)", "body": "{ … }"}}, with an
// optional "open": true when the result has further, workspace-specific columns,
// and Sentinel watchlists' own columns by alias: "watchlists": {"VIPs":
// [["UserPrincipalName","string"], …]}, which _GetWatchlist('VIPs') returns. Types are normalised to Kusto's
// canonical names; an unknown type, an empty name or a file over MaxSchemaBytes is
// an error.
func Load(r io.Reader) (*Schema, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSchemaBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxSchemaBytes {
		return nil, fmt.Errorf("schema: file is larger than %d bytes", MaxSchemaBytes)
	}
	var doc struct {
		Tables     map[string]json.RawMessage `json:"tables"`
		Functions  map[string]json.RawMessage `json:"functions"`
		Watchlists map[string]json.RawMessage `json:"watchlists"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("schema: %v", err)
	}
	if doc.Tables == nil {
		return nil, errors.New(`schema: no "tables" object`)
	}
	tables, err := decodeTables("table", doc.Tables)
	if err != nil {
		return nil, err
	}
	s := newSchema(tables)
	if s.functions, err = decodeFunctions(doc.Functions); err != nil {
		return nil, fmt.Errorf("schema: %v", err)
	}
	if s.watchlists, err = decodeTables("watchlist", doc.Watchlists); err != nil {
		return nil, err
	}
	return s, nil
}

// decodeTables reads a map of name to columns: the tables, or the watchlists.
func decodeTables(kind string, raw map[string]json.RawMessage) (map[string]*Table, error) {
	tables := make(map[string]*Table, len(raw))
	for name, cols := range raw {
		if name == "" {
			return nil, fmt.Errorf("schema: a %s has an empty name", kind)
		}
		decoded, err := decodeColumns(cols)
		if err != nil {
			return nil, fmt.Errorf("schema: %s %s: %v", kind, name, err)
		}
		tables[name] = newTable(name, decoded)
	}
	return tables, nil
}

// decodeColumns reads either [["Col","type"], …] or {"Col": "type", …}.
func decodeColumns(raw json.RawMessage) ([]Column, error) {
	var pairs [][]string
	if bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) {
		var obj map[string]string
		if err := json.Unmarshal(raw, &obj); err != nil {
			return nil, err
		}
		for n, t := range obj {
			pairs = append(pairs, []string{n, t})
		}
		sort.Slice(pairs, func(i, j int) bool { return pairs[i][0] < pairs[j][0] })
	} else if err := json.Unmarshal(raw, &pairs); err != nil {
		return nil, err
	}
	cols := make([]Column, 0, len(pairs))
	for _, p := range pairs {
		if len(p) != 2 || p[0] == "" {
			return nil, fmt.Errorf("column %q: want a [name, type] pair", p)
		}
		typ, ok := coltype.Normalize(p[1])
		if !ok {
			return nil, fmt.Errorf("column %s: unknown type %q", p[0], p[1])
		}
		cols = append(cols, Column{Name: p[0], Type: typ})
	}
	return cols, nil
}

// writeTables writes one "name": [[col, type], …] line per table.
func writeTables(b *bytes.Buffer, names []string, tables map[string]*Table) {
	for i, n := range names {
		if i > 0 {
			b.WriteString(",\n")
		}
		pairs := make([][2]string, 0, len(tables[n].columns))
		for _, c := range tables[n].columns {
			pairs = append(pairs, [2]string{c.Name, c.Type})
		}
		name, _ := json.Marshal(n)
		cols, _ := json.Marshal(pairs)
		fmt.Fprintf(b, "  %s: %s", name, cols)
	}
}

func sortedNames(tables map[string]*Table) []string {
	names := make([]string, 0, len(tables))
	for n := range tables {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// WriteJSON writes the schema in the shape Load reads (and the kql-oracle accepts),
// with tables and functions in sorted order, so a user can start from the snapshot and edit it.
func (s *Schema) WriteJSON(w io.Writer) error {
	var b bytes.Buffer
	b.WriteString("{\"tables\": {")
	if len(s.names) > 0 {
		b.WriteString("\n")
		writeTables(&b, s.names, s.tables)
		b.WriteString("\n")
	}
	b.WriteString("}")
	s.writeFunctions(&b)
	if len(s.watchlists) > 0 {
		b.WriteString(",\n\"watchlists\": {\n")
		writeTables(&b, sortedNames(s.watchlists), s.watchlists)
		b.WriteString("\n}")
	}
	b.WriteString("}\n")
	_, err := w.Write(b.Bytes())
	return err
}
