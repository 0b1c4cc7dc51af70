package kql

// eachOpChild visits the children of tabular operators; it reports false for
// nodes that are not operators or their parts.
func eachOpChild(n Node, c children) bool {
	switch n := n.(type) {
	case *WhereOp:
		c.expr(n.Pred)
	case *ProjectOp:
		c.named(n.Columns)
	case *ProjectAwayOp:
		for _, p := range n.Columns {
			c.node(p)
		}
	case *ProjectKeepOp:
		for _, p := range n.Columns {
			c.node(p)
		}
	case *ProjectRenameOp:
		c.named(n.Columns)
	case *ProjectReorderOp:
		for _, r := range n.Columns {
			c.node(r)
		}
	case *ReorderItem:
		c.node(n.Column)
	case *ExtendOp:
		c.named(n.Columns)
	case *SummarizeOp:
		c.options(n.Options)
		c.named(n.Aggs)
		c.named(n.By)
	case *JoinOp:
		c.options(n.Options)
		c.expr(n.Right)
		c.exprs(n.On)
	case *LookupOp:
		c.options(n.Options)
		c.expr(n.Right)
		c.exprs(n.On)
	case *UnionOp:
		c.options(n.Options)
		c.exprs(n.Tables)
	case *MvExpandOp:
		c.options(n.Options)
		for _, it := range n.Columns {
			c.node(it)
		}
		c.expr(n.Limit)
	case *ExpandItem:
		c.node(n.Column)
	case *MvApplyOp:
		c.options(n.Options)
		for _, it := range n.Columns {
			c.node(it)
		}
		c.expr(n.Limit)
		c.node(n.IDName)
		c.node(n.Body)
	default:
		return eachRowOpChild(n, c)
	}
	return true
}

// eachRowOpChild visits the children of row-shaping operators and their parts.
func eachRowOpChild(n Node, c children) bool {
	switch n := n.(type) {
	case *ParseOp:
		c.options(n.Options)
		c.expr(n.X)
		for _, it := range n.Pattern {
			c.node(it)
		}
	case *ParseItem:
		c.node(n.Column)
	case *ParseKvOp:
		c.expr(n.X)
		c.decls(n.Columns)
		c.named(n.With)
	case *MakeSeriesOp:
		c.options(n.Options)
		for _, a := range n.Aggs {
			c.node(a)
		}
		c.expr(n.On)
		c.expr(n.From)
		c.expr(n.To)
		c.expr(n.Step)
		c.exprs(n.InRange)
		c.named(n.By)
	case *SeriesAgg:
		c.node(n.Agg)
		c.expr(n.Default)
	case *SortKey:
		c.expr(n.X)
	case *TopOp:
		c.options(n.Options)
		c.expr(n.Count)
		for _, k := range n.By {
			c.node(k)
		}
	case *TopNestedOp:
		for _, l := range n.Levels {
			c.node(l)
		}
	case *TopNestedLevel:
		c.expr(n.Count)
		c.node(n.Of)
		c.expr(n.Others)
		c.node(n.By)
	case *TopHittersOp:
		c.expr(n.Count)
		c.expr(n.Of)
		c.expr(n.By)
	case *SortOp:
		c.options(n.Options)
		for _, k := range n.By {
			c.node(k)
		}
	case *TakeOp:
		c.options(n.Options)
		c.expr(n.Count)
	case *DistinctOp:
		c.options(n.Options)
		c.named(n.Columns)
	default:
		return eachOtherOpChild(n, c)
	}
	return true
}

// eachOtherOpChild visits the children of the remaining operators and parts.
func eachOtherOpChild(n Node, c children) bool {
	switch n := n.(type) {
	case *CountOp:
		c.node(n.As)
	case *GetSchemaOp, *Option, *NamePattern, *Name:
	case *RenderOp:
		c.named(n.With)
		for _, p := range n.Legacy {
			c.node(p)
		}
	case *RenderProp:
		c.exprs(n.By)
		c.node(n.Name)
		c.expr(n.X)
	case *EvaluateOp:
		c.options(n.Options)
		c.expr(n.Plugin)
		c.decls(n.Schema)
	case *InvokeOp:
		c.expr(n.Func)
	case *AsOp:
		c.options(n.Options)
		c.node(n.Name)
	case *SerializeOp:
		c.named(n.Columns)
	case *SampleOp:
		c.expr(n.Count)
	case *SampleDistinctOp:
		c.expr(n.Count)
		c.expr(n.Of)
	case *ForkOp:
		for _, b := range n.Branches {
			c.node(b)
		}
	case *ForkBranch:
		c.node(n.Name)
		c.node(n.Body)
	case *FacetOp:
		for _, col := range n.Columns {
			c.node(col)
		}
		c.node(n.With)
	case *PartitionOp:
		c.options(n.Options)
		c.node(n.By)
		c.node(n.Body)
		c.node(n.Scoped)
	case *ScanOp:
		c.options(n.Options)
		for _, p := range n.Declare {
			c.node(p)
		}
		for _, s := range n.Steps {
			c.node(s)
		}
	case *ScanStep:
		c.node(n.Name)
		c.expr(n.Pred)
		c.named(n.Assign)
	case *SearchOp:
		c.options(n.Options)
		c.exprs(n.Tables)
		c.expr(n.Pred)
	case *FindOp:
		c.options(n.Options)
		c.exprs(n.Tables)
		c.expr(n.Pred)
		c.named(n.Project)
	case *ConsumeOp:
		c.options(n.Options)
	case *ReduceOp:
		c.options(n.Options)
		c.expr(n.By)
		c.named(n.With)
	default:
		return false
	}
	return true
}
