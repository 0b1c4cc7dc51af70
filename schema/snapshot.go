package schema

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

//go:generate go run ./internal/gen -la ../../shared/data/loganalytics-tables.json -xdr ../../shared/data/defender-xdr-tables.json -o snapshot.txt

// snapshotText is the generated table snapshot: "#" header lines naming the
// sources, then one line per table, "Table<TAB>Col:type Col:type …".
//
//go:embed snapshot.txt
var snapshotText string

// Default returns the embedded snapshot of the Log Analytics and Defender XDR
// tables, with the functions those platforms provide (functions.json). It is parsed once, on first use, and shared by every caller, so asking
// for it costs nothing after the first time.
func Default() *Schema { return loadDefault() }

var loadDefault = sync.OnceValue(func() *Schema {
	s, err := parseSnapshot(snapshotText)
	if err != nil {
		panic("schema: embedded snapshot is corrupt: " + err.Error())
	}
	s.functions = platformFunctions()
	return s
})

// parseSnapshot reads the compact snapshot format written by internal/gen.
func parseSnapshot(text string) (*Schema, error) {
	tables := make(map[string]*Table, 1024)
	for n, line := range strings.Split(text, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		name, rest, ok := strings.Cut(line, "\t")
		if !ok {
			return nil, fmt.Errorf("line %d: no tab after the table name", n+1)
		}
		fields := strings.Fields(rest)
		cols := make([]Column, len(fields))
		for i, f := range fields {
			col, typ, ok := strings.Cut(f, ":")
			if !ok {
				return nil, fmt.Errorf("line %d: column %q has no type", n+1, f)
			}
			cols[i] = Column{Name: col, Type: typ}
		}
		tables[name] = newTable(name, cols)
	}
	return newSchema(tables), nil
}
