package schema

import (
	"path"
	"strings"

	"github.com/sigmakql/sigmakql/kql"
)

// operator checks one tabular operator against its input rows and returns the
// rows it produces, following Kusto's rules for each operator's output schema.
func (c *checker) operator(op kql.Operator, in *rowSet, sc *scope) *rowSet {
	if c.keepsRows(op, in, sc) {
		return in
	}
	return c.reshape(op, in, sc)
}

// keepsRows checks an operator that passes its input rows through with the same
// columns (filters, orderings, limits, names) and reports whether op is one.
func (c *checker) keepsRows(op kql.Operator, in *rowSet, sc *scope) bool {
	ctx := c.ctx(in, sc)
	switch op := op.(type) {
	case *kql.WhereOp:
		c.expr(op.Pred, ctx)
	case *kql.ProjectReorderOp:
		for _, it := range op.Columns {
			c.patternMatches(it.Column, in)
		}
	case *kql.DistinctOp:
		return op.All
	case *kql.TopOp:
		c.expr(op.Count, ctx)
		c.sortKeys(op.By, ctx)
	case *kql.SortOp:
		c.sortKeys(op.By, ctx)
	case *kql.TakeOp:
		c.expr(op.Count, ctx)
	case *kql.SampleOp:
		c.expr(op.Count, ctx)
	case *kql.AsOp:
		if op.Name != nil {
			sc.bind(op.Name.Value, &binding{kind: bindTabular, rows: in})
		}
	case *kql.RenderOp, *kql.ConsumeOp:
	default:
		return false
	}
	return true
}

// reshape checks an operator whose output columns differ from its input's and
// returns them; operators whose output is not modelled give open rows.
func (c *checker) reshape(op kql.Operator, in *rowSet, sc *scope) *rowSet {
	switch op := op.(type) {
	case *kql.ProjectOp:
		return c.project(op.Columns, in, sc, "Column")
	case *kql.ProjectAwayOp:
		return c.projectAway(op.Columns, in)
	case *kql.ProjectKeepOp:
		return c.projectKeep(op.Columns, in)
	case *kql.ProjectRenameOp:
		return c.projectRename(op.Columns, in)
	case *kql.ExtendOp:
		return c.extend(op.Columns, in, sc)
	case *kql.SerializeOp:
		return c.extend(op.Columns, in, sc)
	case *kql.SummarizeOp:
		return c.summarize(op, in, sc)
	case *kql.DistinctOp:
		return c.project(op.Columns, in, sc, "Column")
	case *kql.JoinOp:
		return c.join(op, in, sc)
	case *kql.LookupOp:
		return c.lookup(op, in, sc)
	case *kql.UnionOp:
		return c.union(op, in, sc)
	case *kql.MvExpandOp:
		return c.mvExpand(op.Options, op.Columns, op.Limit, in, sc)
	case *kql.MvApplyOp:
		return c.mvApply(op, in, sc)
	case *kql.ParseOp:
		return c.parse(op, in, sc)
	case *kql.ParseKvOp:
		return c.parseKv(op, in, sc)
	case *kql.MakeSeriesOp:
		return c.makeSeries(op, in, sc)
	case *kql.TopNestedOp:
		return c.topNested(op, in, sc)
	case *kql.CountOp:
		return fixedRows(Column{"Count", "long"})
	case *kql.GetSchemaOp:
		return fixedRows(Column{"ColumnName", "string"}, Column{"ColumnOrdinal", "long"},
			Column{"DataType", "string"}, Column{"ColumnType", "string"})
	case *kql.EvaluateOp:
		return c.evaluate(op, in, sc)
	case *kql.InvokeOp:
		return c.invoke(op, in, sc)
	case *kql.ForkOp:
		for _, br := range op.Branches {
			c.subPipeline(br.Body, in, sc)
		}
	case *kql.PartitionOp:
		if op.Body != nil {
			return c.subPipeline(op.Body, in, sc)
		}
	case *kql.SampleDistinctOp:
		return c.sampleDistinct(op, in, sc)
	case *kql.SearchOp:
		return c.search(op, in, sc)
	case *kql.TopHittersOp:
		return c.topHitters(op, in, sc)
	case *kql.FacetOp:
		return c.facet(op, in, sc)
	case *kql.ScanOp:
		return c.scan(op, in, sc)
	}
	return openRows
}

// parseKv adds the declared columns of parse-kv to its input's.
func (c *checker) parseKv(op *kql.ParseKvOp, in *rowSet, sc *scope) *rowSet {
	c.expr(op.X, c.ctx(in, sc))
	b := builderFrom(in)
	for _, col := range declaredRows(op.Columns).cols {
		b.set(col)
	}
	return b.rows()
}

// sampleDistinct returns the one column of sample-distinct's values.
func (c *checker) sampleDistinct(op *kql.SampleDistinctOp, in *rowSet, sc *scope) *rowSet {
	ctx := c.ctx(in, sc)
	c.expr(op.Count, ctx)
	typ := c.expr(op.Of, ctx)
	return fixedRows(Column{nameOr(resultName(op.Of), "Column1"), typ})
}

// fixedRows is exactly cols, the output of operators (count, getschema) whose
// columns do not depend on their input's.
func fixedRows(cols ...Column) *rowSet {
	b := &rowBuilder{index: map[string]int{}}
	for _, col := range cols {
		b.set(col)
	}
	return b.rows()
}

func nameOr(name, fallback string) string {
	if name == "" {
		return fallback
	}
	return name
}

// columnNamer hands out Kusto's generated names for unnamed expressions:
// Column1, Column2, … (or print_0, print_1, … by position for print).
type columnNamer struct {
	prefix string
	n      int
}

func (g *columnNamer) next(pos int, b *rowBuilder) string {
	if g.prefix == "print_" {
		return g.prefix + itoa(pos)
	}
	for {
		g.n++
		if name := g.prefix + itoa(g.n); !b.has(name) {
			return name
		}
	}
}

// project keeps exactly the listed expressions (project, distinct, print).
func (c *checker) project(cols []*kql.NamedExpr, in *rowSet, sc *scope, genPrefix string) *rowSet {
	b := &rowBuilder{index: map[string]int{}, table: in.table}
	return c.addNamed(cols, c.ctx(in, sc), b, genPrefix, (*rowBuilder).addFirst)
}

// addNamed checks each named expression in ctx and adds the columns it produces
// to b with add: project keeps the first of two equal names (addFirst), extend
// lets a later one replace an earlier (set).
func (c *checker) addNamed(cols []*kql.NamedExpr, ctx *rowCtx, b *rowBuilder, genPrefix string, add func(*rowBuilder, Column)) *rowSet {
	gen := &columnNamer{prefix: genPrefix}
	for i, ne := range cols {
		typ := c.expr(ne.X, ctx)
		if p := multiValuePrefix(ne); p != "" {
			b.prefixes = append(b.prefixes, p)
			continue
		}
		for _, name := range outputNames(ne, i, b, gen) {
			add(b, Column{name, typ})
		}
	}
	return b.rows()
}

// outputNames returns the names a named expression produces: its explicit names,
// or the name Kusto derives from the expression, or a generated one.
func outputNames(ne *kql.NamedExpr, pos int, b *rowBuilder, gen *columnNamer) []string {
	if len(ne.Names) > 0 {
		out := make([]string, len(ne.Names))
		for i, n := range ne.Names {
			out[i] = n.Value
		}
		return out
	}
	if name := resultName(ne.X); name != "" {
		return []string{name}
	}
	return []string{gen.next(pos, b)}
}

// extend adds or replaces columns. Every expression sees only the input columns:
// Kusto.Language does not let one extend item refer to another.
func (c *checker) extend(cols []*kql.NamedExpr, in *rowSet, sc *scope) *rowSet {
	return c.addNamed(cols, c.ctx(in, sc), builderFrom(in), "Column", (*rowBuilder).set)
}

// patternMatches reports whether a project-away/keep/reorder pattern matches a
// column, reporting a name or wildcard pattern that matches none, as Kusto does.
func (c *checker) patternMatches(p *kql.NamePattern, in *rowSet) func(string) bool {
	if p == nil {
		return func(string) bool { return false }
	}
	if !strings.Contains(p.Value, "*") {
		if _, ok := in.column(p.Value); !ok && !in.open {
			c.unknownColumn(&kql.NameRef{Span: p.Span, Name: p.Value}, in, nil)
		}
		return func(name string) bool { return name == p.Value }
	}
	match := func(name string) bool {
		ok, _ := path.Match(p.Value, name)
		return ok
	}
	if !in.open && len(in.prefixes) == 0 && !anyColumn(in, match) {
		c.unknownColumn(&kql.NameRef{Span: p.Span, Name: p.Value}, in, nil)
	}
	return match
}

// anyColumn reports whether some column of rows satisfies match.
func anyColumn(rows *rowSet, match func(string) bool) bool {
	for _, col := range rows.cols {
		if match(col.Name) {
			return true
		}
	}
	return false
}

func (c *checker) projectAway(pats []*kql.NamePattern, in *rowSet) *rowSet {
	match := c.patterns(pats, in)
	b := builderFrom(in)
	b.remove(match)
	return b.rows()
}

func (c *checker) projectKeep(pats []*kql.NamePattern, in *rowSet) *rowSet {
	match := c.patterns(pats, in)
	b := builderFrom(in)
	b.remove(func(name string) bool { return !match(name) })
	return b.rows()
}

func (c *checker) patterns(pats []*kql.NamePattern, in *rowSet) func(string) bool {
	var ms []func(string) bool
	for _, p := range pats {
		ms = append(ms, c.patternMatches(p, in))
	}
	return func(name string) bool {
		for _, m := range ms {
			if m(name) {
				return true
			}
		}
		return false
	}
}

func (c *checker) projectRename(renames []*kql.NamedExpr, in *rowSet) *rowSet {
	b := builderFrom(in)
	for _, r := range renames {
		old, ok := r.X.(*kql.NameRef)
		if !ok || len(r.Names) != 1 {
			continue
		}
		col, ok := in.column(old.Name)
		if !ok && !in.open {
			c.unknownColumn(old, in, nil)
			continue
		}
		b.remove(func(name string) bool { return name == old.Name })
		b.set(Column{r.Names[0].Value, col.Type})
	}
	return b.rows()
}

func (c *checker) sortKeys(keys []*kql.SortKey, ctx *rowCtx) {
	for _, k := range keys {
		c.expr(k.X, ctx)
	}
}

// parse adds the pattern's named parts as columns (string unless typed).
func (c *checker) parse(op *kql.ParseOp, in *rowSet, sc *scope) *rowSet {
	c.expr(op.X, c.ctx(in, sc))
	b := builderFrom(in)
	for _, it := range op.Pattern {
		if it.Column != nil {
			b.set(Column{it.Column.Value, nameOr(canonicalType(it.Type), "string")})
		}
	}
	return b.rows()
}

// evaluate runs a plugin. bag_unpack replaces a dynamic column by columns
// unknown until run time; other plugins' output is not modelled.
func (c *checker) evaluate(op *kql.EvaluateOp, in *rowSet, sc *scope) *rowSet {
	call, ok := op.Plugin.(*kql.Call)
	if !ok {
		return openRows
	}
	c.checkPluginName(call)
	if fn := strings.ToLower(call.Func); (fn == "ipv4_lookup" || fn == "ipv6_lookup") && len(call.Args) >= 3 {
		return c.ipLookup(call, in, sc)
	}
	ctx := c.ctx(in, sc)
	for _, a := range call.Args {
		c.listItem(a, ctx)
	}
	if strings.EqualFold(call.Func, "bag_unpack") && len(call.Args) > 0 {
		b := builderFrom(in)
		unpacked := resultName(call.Args[0])
		b.remove(func(name string) bool { return name == unpacked })
		b.open = true
		return b.rows()
	}
	return openRows
}

// invoke calls a function with the rows as its first argument. The other
// arguments are values computed outside the rows, as Kusto.Language checks
// them, except for Defender's enrichment functions, which take the column to
// enrich by name (invoke FileProfile(SHA1, 1000)).
func (c *checker) invoke(op *kql.InvokeOp, in *rowSet, sc *scope) *rowSet {
	call, ok := op.Func.(*kql.Call)
	if !ok {
		return openRows
	}
	ctx := c.ctx(&rowSet{}, sc)
	if c.isPlatformFunction(call.Func, sc) {
		ctx = c.ctx(in, sc)
	}
	for _, a := range call.Args {
		c.expr(a, ctx)
	}
	c.checkFunctionName(call, sc)
	if b, ok := sc.lookup(call.Func); ok {
		return c.apply(b, call.Args, in, sc)
	}
	return openRows
}

// ipLookup is evaluate ipv4_lookup(Table, SourceColumn, TableColumn, …): the
// second argument is a column of the rows, the third a column of the lookup
// table, and the output adds the lookup table's columns.
func (c *checker) ipLookup(call *kql.Call, in *rowSet, sc *scope) *rowSet {
	table := c.tabular(call.Args[0], sc)
	c.expr(call.Args[1], c.ctx(in, sc))
	c.expr(call.Args[2], c.ctx(table, sc))
	for _, a := range call.Args[3:] {
		c.expr(a, c.ctx(in, sc))
	}
	b := builderFrom(in)
	b.open = in.open || table.open
	for _, col := range table.cols {
		b.addUnique(col)
	}
	return b.rows()
}
