package main

import (
	"fmt"
	"strings"

	"github.com/sigmakql/sigmakql/schema"
)

func init() {
	register(&command{
		name:    "schema",
		usage:   "schema [--schema FILE] [--add-schema FILE]... (list [--search S] | show TABLE | functions | export) | schema import [--table T] [-o OUT] (FILE | -)",
		summary: "List the tables the schema snapshot knows, show a table's columns and types, list the stored functions, export it as JSON, or import a workspace's schema export.",
		run:     runSchema,
	})
}

// runSchema prints what the snapshot (or a user schema) holds.
func runSchema(e *env, args []string) int {
	c := commands["schema"]
	fs := newFlagSet(e, c)
	base := fs.String("schema", "", "use this schema JSON instead of the embedded snapshot")
	var adds listFlag
	fs.Var(&adds, "add-schema", "schema JSON merged over the snapshot (repeatable)")
	search := fs.String("search", "", "list: only tables whose name contains S (case-insensitive)")
	var imp importFlags
	fs.StringVar(&imp.table, "table", "", "import: the table a getschema result describes")
	fs.StringVar(&imp.out, "o", "", "import: write the schema file here instead of stdout")
	if code, ok := parseFlags(e, c, fs, args); !ok {
		return code
	}
	rest, err := interspersedArgs(fs)
	if err != nil {
		return exitUsage
	}
	if len(rest) == 2 && rest[0] == "import" {
		return schemaImport(e, rest[1], imp)
	}
	s, err := loadSchemas(*base, adds.values)
	if err != nil {
		fmt.Fprintf(e.stderr, "sigmakql schema: %v\n", err)
		return exitUsage
	}
	switch {
	case len(rest) == 1 && rest[0] == "list":
		return schemaList(e, s, *search)
	case len(rest) == 2 && rest[0] == "show":
		return schemaShow(e, s, rest[1])
	case len(rest) == 1 && rest[0] == "functions":
		return schemaFunctions(e, s)
	case len(rest) == 1 && rest[0] == "export":
		if err := s.WriteJSON(e.stdout); err != nil {
			fmt.Fprintf(e.stderr, "sigmakql schema: %v\n", err)
			return exitUsage
		}
		return exitOK
	}
	fs.Usage()
	return exitUsage
}

func schemaList(e *env, s *schema.Schema, search string) int {
	search = strings.ToLower(search)
	for _, name := range s.Tables() {
		if strings.Contains(strings.ToLower(name), search) {
			t, _ := s.Table(name)
			fmt.Fprintf(e.stdout, "%s\t%d columns\n", name, len(t.Columns()))
		}
	}
	return exitOK
}

// schemaShow prints a table's columns, or suggests names when it is unknown.
func schemaShow(e *env, s *schema.Schema, name string) int {
	t, ok := s.Table(name)
	if !ok && showFunction(e, s, name) {
		return exitOK
	}
	if !ok {
		msg := fmt.Sprintf("sigmakql schema: unknown table %q", name)
		if sugg := schema.Suggest(name, s.Tables()); len(sugg) > 0 {
			msg += "; did you mean " + strings.Join(sugg, ", ") + "?"
		}
		fmt.Fprintln(e.stderr, msg)
		return exitFindings
	}
	for _, col := range t.Columns() {
		fmt.Fprintf(e.stdout, "%s\t%s\n", col.Name, col.Type)
	}
	return exitOK
}

// showFunction prints a stored function's definition, as schema functions
// does, and reports whether name is one.
func showFunction(e *env, s *schema.Schema, name string) bool {
	for _, f := range s.KnownFunctions() {
		if f.Name == name {
			printFunction(e, f)
			return true
		}
	}
	return false
}

// schemaFunctions prints each known stored function as NAME(PARAMS), its body,
// and "open" when its result has further, workspace-specific columns.
func schemaFunctions(e *env, s *schema.Schema) int {
	for _, f := range s.KnownFunctions() {
		printFunction(e, f)
	}
	return exitOK
}

func printFunction(e *env, f *schema.Function) {
	open := ""
	if f.Open {
		open = "\topen"
	}
	fmt.Fprintf(e.stdout, "%s%s\t%s%s\n", f.Name, f.Params, f.Body, open)
}
