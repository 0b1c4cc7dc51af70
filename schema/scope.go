package schema

import "github.com/sigmakql/sigmakql/kql"

// bindingKind says what a let-bound (or parameter, or as-bound) name stands for.
type bindingKind int

const (
	bindScalar  bindingKind = iota // a scalar value; Type may be ""
	bindTabular                    // a table; rows holds its schema
	bindFunc                       // a function; rows holds its result when tabular
)

// binding is what a name bound in a query means.
type binding struct {
	kind bindingKind
	typ  string
	rows *rowSet
	// fn and defScope keep a function's definition so that a call passing tables
	// can be checked with the actual tables' columns.
	fn       *kql.FuncDef
	defScope *scope
	// open marks a stored function whose result has further columns that
	// depend on the workspace.
	open bool
}

// scope holds the names bound by let statements, function parameters and as,
// nested the way function bodies nest.
type scope struct {
	parent *scope
	names  map[string]*binding
	// stored resolves, at the root scope, names that no let binds: the stored
	// functions of the schema and the platform.
	stored func(name string) (*binding, bool)
}

func newScope(parent *scope) *scope { return &scope{parent: parent} }

func (s *scope) bind(name string, b *binding) {
	if s.names == nil {
		s.names = map[string]*binding{}
	}
	s.names[name] = b
}

func (s *scope) lookup(name string) (*binding, bool) {
	for ; s != nil; s = s.parent {
		if b, ok := s.names[name]; ok {
			return b, true
		}
		if s.parent == nil && s.stored != nil {
			return s.stored(name)
		}
	}
	return nil, false
}

// tabularNames lists the names bound to tables, for suggestions.
func (s *scope) tabularNames() []string {
	var out []string
	for ; s != nil; s = s.parent {
		for n, b := range s.names {
			if b.kind != bindScalar {
				out = append(out, n)
			}
		}
	}
	return out
}

// bindParams binds function or query parameters: scalars by type, tabular
// parameters to their declared columns (open when they declare * or nothing).
func (s *scope) bindParams(params []*kql.Param) {
	for _, p := range params {
		if p.Name == nil {
			continue
		}
		if p.Columns == nil {
			s.bind(p.Name.Value, &binding{kind: bindScalar, typ: canonicalType(p.Type)})
			continue
		}
		s.bind(p.Name.Value, &binding{kind: bindTabular, rows: declaredRows(p.Columns)})
	}
}

// declaredRows is the schema written in datatable(…), externaldata(…), parse-kv
// or a tabular parameter; a * column or an empty list leaves it open.
func declaredRows(decls []*kql.ColumnDecl) *rowSet {
	b := &rowBuilder{index: map[string]int{}, open: len(decls) == 0}
	for _, d := range decls {
		if d.Star || d.Name == nil {
			b.open = true
			continue
		}
		b.set(Column{Name: d.Name.Value, Type: canonicalType(d.Type)})
	}
	return b.rows()
}
