package kql

// outputOperator prints the operators that name, count or present results.
func (p *printer) outputOperator(op Operator) {
	switch op := op.(type) {
	case *CountOp:
		p.ws("count")
		if op.As != nil {
			p.ws(" as ")
			p.name(op.As.Value)
		}
	case *RenderOp:
		p.render(op)
	case *EvaluateOp:
		p.ws("evaluate")
		p.options(op.Options)
		p.ws(" ")
		p.expr(op.Plugin, levelOr)
		if op.Schema != nil {
			p.ws(" : (")
			p.columnDecls(op.Schema)
			p.ws(")")
		}
	case *InvokeOp:
		p.ws("invoke ")
		p.expr(op.Func, levelOr)
	case *AsOp:
		p.ws("as")
		p.options(op.Options)
		p.ws(" ")
		p.name(op.Name.Value)
	case *SerializeOp:
		p.ws("serialize")
		p.namedList(" ", op.Columns)
	case *SampleOp:
		p.ws("sample ")
		p.expr(op.Count, levelOr)
	case *SampleDistinctOp:
		p.ws("sample-distinct ")
		p.expr(op.Count, levelOr)
		p.ws(" of ")
		p.expr(op.Of, levelOr)
	case *GetSchemaOp:
		p.ws("getschema")
	case *ConsumeOp:
		p.ws("consume")
		p.options(op.Options)
	case *ReduceOp:
		p.ws("reduce")
		p.options(op.Options)
		p.ws(" by ")
		p.expr(op.By, levelOr)
		p.namedList(" with ", op.With)
	default:
		p.branchingOperator(op)
	}
}

func (p *printer) render(op *RenderOp) {
	p.ws("render ", op.Chart)
	p.withList(op.With)
	for _, prop := range op.Legacy {
		if prop.Name != nil {
			p.ws(" ")
			p.name(prop.Name.Value)
			p.ws("=")
			p.expr(prop.X, levelOr)
		} else {
			p.ws(" by ")
			p.exprList(prop.By)
		}
	}
}

// branchingOperator prints the operators with sub-queries or many tables.
func (p *printer) branchingOperator(op Operator) {
	switch op := op.(type) {
	case *ForkOp:
		p.ws("fork")
		for _, b := range op.Branches {
			p.ws(" ")
			if b.Name != nil {
				p.name(b.Name.Value)
				p.ws(" = ")
			}
			p.ws("(")
			p.ops(b.Body.Ops, false)
			p.ws(")")
		}
	case *FacetOp:
		p.ws("facet by ")
		for i, c := range op.Columns {
			p.ws(sep(i, "", ", "))
			p.name(c.Value)
		}
		if op.With != nil {
			p.ws(" with (")
			p.ops(op.With.Ops, false)
			p.ws(")")
		}
	case *PartitionOp:
		p.ws("partition")
		p.options(op.Options)
		p.ws(" by ")
		p.name(op.By.Value)
		if op.Body != nil {
			p.ws(" (")
			p.ops(op.Body.Ops, false)
			p.ws(")")
		} else {
			p.ws(" { ")
			p.pipeline(op.Scoped, false)
			p.ws(" }")
		}
	case *ScanOp:
		p.scan(op)
	case *SearchOp:
		p.ws("search")
		p.options(op.Options)
		p.tablesIn(op.Tables)
		p.ws(" ")
		p.expr(op.Pred, levelOr)
	case *FindOp:
		p.ws("find")
		p.options(op.Options)
		p.tablesIn(op.Tables)
		p.ws(" where ")
		p.expr(op.Pred, levelOr)
		if op.Project != nil {
			p.namedList(" project ", op.Project)
		}
	}
}

func (p *printer) tablesIn(tables []Expr) {
	if tables != nil {
		p.ws(" in (")
		p.exprList(tables)
		p.ws(")")
	}
}

func (p *printer) scan(op *ScanOp) {
	p.ws("scan")
	p.options(op.Options)
	if op.Declare != nil {
		p.ws(" declare (")
		p.params(op.Declare)
		p.ws(")")
	}
	p.ws(" with (")
	for i, s := range op.Steps {
		p.ws(sep(i, "step ", " step "))
		p.name(s.Name.Value)
		if s.Optional {
			p.ws(" optional")
		}
		if s.Output != "" {
			p.ws(" output=", s.Output)
		}
		p.ws(": ")
		p.expr(s.Pred, levelOr)
		p.namedList(" => ", s.Assign)
		p.ws(";")
	}
	p.ws(")")
}

// partNode prints the nodes that only occur inside operators.
func (p *printer) partNode(n Node) {
	switch n := n.(type) {
	case *NamePattern:
		p.ws(patternText(n.Value))
	case *SortKey:
		p.sortKeys([]*SortKey{n})
	case *ParseItem:
		p.parseItem(n)
	case *FuncDef:
		p.funcDef(n)
	case *FuncBody:
		p.statements(n.Statements, false)
	}
}
