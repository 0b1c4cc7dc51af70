package kql

// eachOpChild visits the children of tabular operators; it reports false for
// nodes that are not operators or their parts.
func eachOpChild(n Node, c children) bool {
	switch n := n.(type) {
	case *WhereOp:
		c.node(n.Pred)
	case *ProjectOp:
		each(c, n.Columns)
	case *ProjectAwayOp:
		for _, p := range n.Columns {
			c.node(p)
		}
	case *ProjectKeepOp:
		for _, p := range n.Columns {
			c.node(p)
		}
	case *ProjectRenameOp:
		each(c, n.Columns)
	case *ProjectReorderOp:
		for _, r := range n.Columns {
			c.node(r)
		}
	case *ReorderItem:
		c.node(n.Column)
	case *ExtendOp:
		each(c, n.Columns)
	case *SummarizeOp:
		each(c, n.Options)
		each(c, n.Aggs)
		each(c, n.By)
	case *JoinOp:
		each(c, n.Options)
		c.node(n.Right)
		each(c, n.On)
	case *LookupOp:
		each(c, n.Options)
		c.node(n.Right)
		each(c, n.On)
	case *UnionOp:
		each(c, n.Options)
		each(c, n.Tables)
	case *MvExpandOp:
		each(c, n.Options)
		for _, it := range n.Columns {
			c.node(it)
		}
		c.node(n.Limit)
	case *ExpandItem:
		c.node(n.Column)
	case *MvApplyOp:
		each(c, n.Options)
		for _, it := range n.Columns {
			c.node(it)
		}
		c.node(n.Limit)
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
		each(c, n.Options)
		c.node(n.X)
		for _, it := range n.Pattern {
			c.node(it)
		}
	case *ParseItem:
		c.node(n.Column)
	case *ParseKvOp:
		c.node(n.X)
		each(c, n.Columns)
		each(c, n.With)
	case *MakeSeriesOp:
		each(c, n.Options)
		for _, a := range n.Aggs {
			c.node(a)
		}
		c.node(n.On)
		c.node(n.From)
		c.node(n.To)
		c.node(n.Step)
		each(c, n.InRange)
		each(c, n.By)
	case *SeriesAgg:
		c.node(n.Agg)
		c.node(n.Default)
	case *SortKey:
		c.node(n.X)
	case *TopOp:
		each(c, n.Options)
		c.node(n.Count)
		for _, k := range n.By {
			c.node(k)
		}
	case *TopNestedOp:
		for _, l := range n.Levels {
			c.node(l)
		}
	case *TopNestedLevel:
		c.node(n.Count)
		c.node(n.Of)
		c.node(n.Others)
		c.node(n.By)
	case *TopHittersOp:
		c.node(n.Count)
		c.node(n.Of)
		c.node(n.By)
	case *SortOp:
		each(c, n.Options)
		for _, k := range n.By {
			c.node(k)
		}
	case *TakeOp:
		each(c, n.Options)
		c.node(n.Count)
	case *DistinctOp:
		each(c, n.Options)
		each(c, n.Columns)
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
		each(c, n.With)
		for _, p := range n.Legacy {
			c.node(p)
		}
	case *RenderProp:
		each(c, n.By)
		c.node(n.Name)
		c.node(n.X)
	case *EvaluateOp:
		each(c, n.Options)
		c.node(n.Plugin)
		each(c, n.Schema)
	case *InvokeOp:
		c.node(n.Func)
	case *AsOp:
		each(c, n.Options)
		c.node(n.Name)
	case *SerializeOp:
		each(c, n.Columns)
	case *SampleOp:
		c.node(n.Count)
	case *SampleDistinctOp:
		c.node(n.Count)
		c.node(n.Of)
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
		each(c, n.Options)
		c.node(n.By)
		c.node(n.Body)
		c.node(n.Scoped)
	case *ScanOp:
		each(c, n.Options)
		for _, p := range n.Declare {
			c.node(p)
		}
		for _, s := range n.Steps {
			c.node(s)
		}
	case *ScanStep:
		c.node(n.Name)
		c.node(n.Pred)
		each(c, n.Assign)
	case *SearchOp:
		each(c, n.Options)
		each(c, n.Tables)
		c.node(n.Pred)
	case *FindOp:
		each(c, n.Options)
		each(c, n.Tables)
		c.node(n.Pred)
		each(c, n.Project)
	case *ConsumeOp:
		each(c, n.Options)
	case *ReduceOp:
		each(c, n.Options)
		c.node(n.By)
		each(c, n.With)
	default:
		return false
	}
	return true
}
