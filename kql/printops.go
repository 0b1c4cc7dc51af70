package kql

// operator prints a tabular operator without its leading pipe.
func (p *printer) operator(op Operator) {
	switch op := op.(type) {
	case *WhereOp:
		p.ws(op.Keyword, " ")
		p.expr(op.Pred, levelOr)
	case *ProjectOp:
		p.ws("project")
		p.namedList(" ", op.Columns)
	case *ProjectAwayOp:
		p.ws("project-away")
		p.patterns(op.Columns)
	case *ProjectKeepOp:
		p.ws("project-keep")
		p.patterns(op.Columns)
	case *ProjectRenameOp:
		p.ws("project-rename")
		p.namedList(" ", op.Columns)
	case *ProjectReorderOp:
		p.ws("project-reorder")
		for i, it := range op.Columns {
			p.ws(sep(i, " ", ", "), patternText(it.Column.Value))
			if it.Order != "" {
				p.ws(" ", it.Order)
			}
		}
	case *ExtendOp:
		p.ws("extend")
		p.namedList(" ", op.Columns)
	case *SummarizeOp:
		p.ws("summarize")
		p.options(op.Options)
		p.namedList(" ", op.Aggs)
		p.namedList(" by ", op.By)
	case *JoinOp:
		p.ws("join")
		p.options(op.Options)
		p.ws(" ")
		p.expr(op.Right, levelOr)
		p.onList(op.On)
	case *LookupOp:
		p.ws("lookup")
		p.options(op.Options)
		p.ws(" ")
		p.expr(op.Right, levelOr)
		p.onList(op.On)
	case *UnionOp:
		p.ws("union")
		p.options(op.Options)
		p.ws(" ")
		p.exprList(op.Tables)
	case *MvExpandOp:
		p.ws(op.Keyword)
		p.options(op.Options)
		p.expandItems(op.Columns)
		p.limit(op.Limit)
	case *MvApplyOp:
		p.ws(op.Keyword)
		p.options(op.Options)
		p.expandItems(op.Columns)
		p.limit(op.Limit)
		if op.IDName != nil {
			p.ws(" with_itemindex=")
			p.name(op.IDName.Value)
		}
		p.ws(" on (")
		p.ops(op.Body.Ops, false)
		p.ws(")")
	default:
		p.rowOperator(op)
	}
}

func sep(i int, first, rest string) string {
	if i == 0 {
		return first
	}
	return rest
}

// patternText prints a column pattern bare when it is made of name characters
// and stars, else bracketed.
func patternText(s string) string {
	for i := 0; i < len(s); i++ {
		if !isIdentChar(s[i]) && s[i] != '*' {
			return FormatName(s)
		}
	}
	if s != "" && isDigit(s[0]) {
		return FormatName(s)
	}
	return s
}

func (p *printer) patterns(ps []*NamePattern) {
	for i, pt := range ps {
		p.ws(sep(i, " ", ", "), patternText(pt.Value))
	}
}

func (p *printer) onList(on []Expr) {
	if len(on) > 0 {
		p.ws(" on ")
		p.exprList(on)
	}
}

func (p *printer) limit(x Expr) {
	if x != nil {
		p.ws(" limit ")
		p.expr(x, levelOr)
	}
}

func (p *printer) expandItems(items []*ExpandItem) {
	for i, it := range items {
		p.ws(sep(i, " ", ", "))
		p.namedExpr(it.Column)
		if it.ToType != "" {
			p.ws(" to typeof(", it.ToType, ")")
		}
	}
}

func (p *printer) sortKeys(keys []*SortKey) {
	for i, k := range keys {
		p.ws(sep(i, " by ", ", "))
		p.expr(k.X, levelOr)
		if k.Order != "" {
			p.ws(" ", k.Order)
		}
		if k.Nulls != "" {
			p.ws(" nulls ", k.Nulls)
		}
	}
}

// rowOperator prints the operators that parse, order, cut or reshape rows.
func (p *printer) rowOperator(op Operator) {
	switch op := op.(type) {
	case *ParseOp:
		p.ws(op.Keyword)
		p.options(op.Options)
		p.ws(" ")
		p.expr(op.X, levelOr)
		p.ws(" with")
		for _, it := range op.Pattern {
			p.ws(" ")
			p.parseItem(it)
		}
	case *ParseKvOp:
		p.ws("parse-kv ")
		p.expr(op.X, levelOr)
		p.ws(" as (")
		p.columnDecls(op.Columns)
		p.ws(")")
		p.withList(op.With)
	case *MakeSeriesOp:
		p.makeSeries(op)
	case *TopOp:
		p.ws("top")
		p.options(op.Options)
		p.ws(" ")
		p.expr(op.Count, levelOr)
		p.sortKeys(op.By)
	case *TopNestedOp:
		for i, l := range op.Levels {
			p.ws(sep(i, "top-nested", ", top-nested"))
			p.topNestedLevel(l)
		}
	case *TopHittersOp:
		p.ws("top-hitters ")
		p.expr(op.Count, levelOr)
		p.ws(" of ")
		p.expr(op.Of, levelOr)
		if op.By != nil {
			p.ws(" by ")
			p.expr(op.By, levelOr)
		}
	case *SortOp:
		p.ws(op.Keyword)
		p.options(op.Options)
		p.sortKeys(op.By)
	case *TakeOp:
		p.ws(op.Keyword)
		p.options(op.Options)
		p.ws(" ")
		p.expr(op.Count, levelOr)
	case *DistinctOp:
		p.ws("distinct")
		p.options(op.Options)
		if op.All {
			p.ws(" *")
		}
		p.namedList(" ", op.Columns)
	default:
		p.outputOperator(op)
	}
}

func (p *printer) parseItem(it *ParseItem) {
	switch {
	case it.Star:
		p.ws("*")
	case it.Column != nil:
		p.name(it.Column.Value)
	default:
		p.ws(it.Literal)
	}
	if it.Type != "" {
		p.ws(":", it.Type)
	}
}

func (p *printer) makeSeries(op *MakeSeriesOp) {
	p.ws("make-series")
	p.options(op.Options)
	for i, a := range op.Aggs {
		p.ws(sep(i, " ", ", "))
		p.namedExpr(a.Agg)
		if a.Default != nil {
			p.ws(" default = ")
			p.expr(a.Default, levelOr)
		}
	}
	p.ws(" on ")
	p.expr(op.On, levelOr)
	if len(op.InRange) == 3 {
		p.ws(" in range(")
		p.exprList(op.InRange)
		p.ws(")")
	} else {
		for _, part := range []struct {
			kw string
			x  Expr
		}{{" from ", op.From}, {" to ", op.To}, {" step ", op.Step}} {
			if part.x != nil {
				p.ws(part.kw)
				p.expr(part.x, levelOr)
			}
		}
	}
	p.namedList(" by ", op.By)
}

func (p *printer) topNestedLevel(l *TopNestedLevel) {
	if l.Count != nil {
		p.ws(" ")
		p.expr(l.Count, levelOr)
	}
	p.ws(" of ")
	p.namedExpr(l.Of)
	if l.Others != nil {
		p.ws(" with others = ")
		p.expr(l.Others, levelOr)
	}
	p.ws(" by ")
	p.namedExpr(l.By)
	if l.Order != "" {
		p.ws(" ", l.Order)
	}
}
