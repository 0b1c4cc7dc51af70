package schema

import (
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/sigmakql/sigmakql/kql"
)

// rootScope is the outermost scope of a query: names no let binds resolve to
// the stored functions of the schema, then of the platform.
func (c *checker) rootScope() *scope {
	sc := newScope(nil)
	sc.stored = c.storedFunction
	return sc
}

// storedFunction binds a stored function by name, checking its body once per
// query (quietly: its findings belong to the schema, not the query).
func (c *checker) storedFunction(name string) (*binding, bool) {
	if b, ok := c.stored[name]; ok {
		return b, b != nil
	}
	f, ok := c.schema.Function(name)
	if !ok {
		f, ok = platformFunctions()[name]
	}
	if !ok {
		if c.stored == nil {
			c.stored = map[string]*binding{}
		}
		c.stored[name] = nil
		return nil, false
	}
	def := c.rootScope()
	b := &binding{kind: bindFunc, rows: openRows, fn: f.def, defScope: def, open: f.Open}
	if c.stored == nil {
		c.stored = map[string]*binding{}
	}
	c.stored[name] = b // bound before its body is checked, so recursion ends
	inner := newScope(def)
	inner.bindParams(f.def.Params)
	quiet := c.quiet
	c.quiet = true
	if rows := c.statements(f.def.Body.Statements, inner); rows != nil {
		b.rows = b.result(rows)
	}
	c.quiet = quiet
	return b, true
}

// watchlist returns the rows of _GetWatchlist('alias') for a watchlist the
// schema describes: the columns every watchlist has, then its own, closed.
func (c *checker) watchlist(call *kql.Call) (*rowSet, bool) {
	if call.Func != "_GetWatchlist" || len(call.Args) == 0 || len(c.schema.watchlists) == 0 {
		return nil, false
	}
	lit, ok := call.Args[0].(*kql.Literal)
	if !ok || lit.Kind != kql.LitString {
		return nil, false
	}
	w, ok := c.schema.watchlists[lit.Value]
	if !ok {
		return nil, false
	}
	b := &rowBuilder{index: map[string]int{}, table: "_GetWatchlist('" + lit.Value + "')"}
	if fn, ok := c.storedFunction(call.Func); ok { // the columns every watchlist has
		for _, col := range fn.rows.cols {
			b.set(col)
		}
	}
	for _, col := range w.columns {
		b.set(col)
	}
	return b.rows(), true
}

// isPlatformFunction reports whether name, where it is called, refers to a
// platform function: no let binds it and the schema does not redefine it.
func (c *checker) isPlatformFunction(name string, sc *scope) bool {
	b, ok := sc.lookup(name)
	if !ok || b != c.stored[name] {
		return false
	}
	platform := platformFunctions()[name]
	own, ok := c.schema.Function(name)
	return platform != nil && (!ok || own == platform)
}

// result is rows as the function returns them: open when the function's
// result has workspace-specific columns.
func (b *binding) result(rows *rowSet) *rowSet {
	if !b.open || rows.open {
		return rows
	}
	open := *rows
	open.open = true
	return &open
}

// knownFunction reports whether a call of name in a scalar expression refers
// to a function: a built-in, a let-bound or stored function, or one of Log
// Analytics' cross-resource functions, which Kusto.Language does not know.
func (c *checker) knownFunction(name string, sc *scope) bool {
	if builtins().isFunction(name) || crossResource[name] {
		return true
	}
	b, ok := sc.lookup(name)
	return ok && b.kind == bindFunc
}

// crossResource lists Log Analytics' functions that name another workspace,
// application or service (workspace("id").T, arg("").Resources); they are
// valid in Sentinel though Kusto.Language's symbol tables lack them.
var crossResource = setOf(`workspace app resource arg adx`)

// checkFunctionName reports a call of a function nobody defines. A function
// called on another database (database("d").f()) is that database's business;
// any other method-style call (Account.tostring()) names no function at all.
func (c *checker) checkFunctionName(call *kql.Call, sc *scope) {
	if isDatabaseCall(call.Receiver) {
		return
	}
	if call.Receiver == nil && c.knownFunction(call.Func, sc) {
		return
	}
	c.report(&c.an.UnknownFunctions, call.Func, "", namePos(call), c.functionNames(sc))
}

// checkPluginName reports evaluate of a plugin Kusto does not have.
func (c *checker) checkPluginName(call *kql.Call) {
	if call.Receiver != nil || builtins().plugin[call.Func] {
		return
	}
	c.report(&c.an.UnknownPlugins, call.Func, "", namePos(call), builtins().plugins)
}

// namePos is where a call's function name is.
func namePos(call *kql.Call) lexer.Position {
	if call.NamePos.Line > 0 {
		return call.NamePos
	}
	return call.Pos
}

// functionNames lists the functions a call could have meant, for suggestions.
func (c *checker) functionNames(sc *scope) []string {
	names := append([]string(nil), builtins().functions...)
	for _, f := range c.schema.KnownFunctions() {
		names = append(names, f.Name)
	}
	for s := sc; s != nil; s = s.parent {
		for n, b := range s.names {
			if b.kind == bindFunc {
				names = append(names, n)
			}
		}
	}
	return names
}
