// Package local is the embedded default workspace: it runs KQL text with the
// kql/eval engine over in-memory sample tables whose columns come from the
// schema snapshot, so a dry-run needs no Log Analytics workspace.
package local

import (
	"context"
	"fmt"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/kql"
	"github.com/sigmakql/sigmakql/kql/eval"
	"github.com/sigmakql/sigmakql/kql/guard"
	"github.com/sigmakql/sigmakql/schema"
)

// Workspace is a set of local tables and the schema that gives tables their
// columns. The zero value is not usable; call New.
type Workspace struct {
	Schema  *schema.Schema
	Tables  eval.Database
	Options eval.Options
}

// New returns an empty workspace over the embedded schema snapshot.
func New() *Workspace {
	return &Workspace{Schema: schema.Default(), Tables: eval.Database{}}
}

// Columns returns the engine columns of a schema table. Columns of a type the
// engine does not represent (decimal) are left out, so a query naming one
// fails with an unknown-column error rather than a wrong value.
func Columns(s *schema.Schema, table string) ([]eval.Column, error) {
	t, ok := s.Table(table)
	if !ok {
		return nil, fmt.Errorf("local: table %s is not in the schema", table)
	}
	var cols []eval.Column
	for _, c := range t.Columns() {
		if typ, ok := eval.ParseType(c.Type); ok {
			cols = append(cols, eval.Column{Name: c.Name, Type: typ})
		}
	}
	return cols, nil
}

// Table returns the workspace's table of that name, creating it empty with
// the schema's columns when it does not exist yet.
func (w *Workspace) Table(name string) (*eval.Table, error) {
	if t, ok := w.Tables[name]; ok {
		return t, nil
	}
	cols, err := Columns(w.Schema, name)
	if err != nil {
		return nil, err
	}
	t := &eval.Table{Columns: cols}
	w.Tables[name] = t
	return t, nil
}

// AddRows appends JSON objects as rows of a table (see eval.ValueOf for how
// each member becomes a typed value).
func (w *Workspace) AddRows(table string, objects []map[string]any) error {
	t, err := w.Table(table)
	if err != nil {
		return err
	}
	rows, err := eval.TableFromJSON(t.Columns, objects)
	if err != nil {
		return fmt.Errorf("local: table %s: %w", table, err)
	}
	t.Rows = append(t.Rows, rows.Rows...)
	return nil
}

// Run parses and runs a query. A query the read-only guard refuses (a
// management command, external data, a code plugin) is never run, exactly as
// against a live workspace. Tables the query names that the workspace
// does not hold yet are created empty from the schema, so a query over a
// known table always runs (and returns no rows until rows are added).
func (w *Workspace) Run(ctx context.Context, query string) (*eval.Table, diag.List) {
	q, diags := kql.Parse(query)
	if diags.HasErrors() {
		return nil, diags
	}
	if denied := guard.Check(q); denied.HasErrors() {
		return nil, append(diags, denied...)
	}
	w.addNamedTables(q)
	res, err := eval.Run(ctx, q, w.Tables, w.Options)
	if err != nil {
		return nil, append(diags, asDiagnostic(err))
	}
	return res, diags
}

// addNamedTables creates the schema tables a query names.
func (w *Workspace) addNamedTables(q *kql.Query) {
	kql.Inspect(q, func(n kql.Node) bool {
		if ref, ok := n.(*kql.NameRef); ok {
			if _, known := w.Schema.Table(ref.Name); known {
				_, _ = w.Table(ref.Name)
			}
		}
		return true
	})
}

func asDiagnostic(err error) diag.Diagnostic {
	if d, ok := err.(diag.Diagnostic); ok {
		return d
	}
	return diag.Errorf(diag.Pos{}, eval.CodeInternal, "%v", err)
}
