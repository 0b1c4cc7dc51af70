package kql

// Visitor's Visit is called for each node by Walk, as in go/ast: if it returns
// a non-nil visitor w, Walk visits the node's children with w, then calls
// w.Visit(nil).
type Visitor interface {
	Visit(node Node) (w Visitor)
}

// Walk traverses the tree rooted at node in source order.
func Walk(v Visitor, node Node) {
	if v = v.Visit(node); v == nil {
		return
	}
	eachChild(node, func(child Node) { Walk(v, child) })
	v.Visit(nil)
}

type inspector func(Node) bool

func (f inspector) Visit(node Node) Visitor {
	if f(node) {
		return f
	}
	return nil
}

// Inspect traverses the tree rooted at node in source order, calling f for
// each node and then f(nil) after its children; f returns false to skip the
// children of a node.
func Inspect(node Node, f func(Node) bool) {
	Walk(inspector(f), node)
}

// eachChild calls f for each direct child of n that is present, in source order.
func eachChild(n Node, f func(Node)) {
	c := children{f}
	switch n := n.(type) {
	case *Query:
		each(c, n.Statements)
	case *FuncBody:
		each(c, n.Statements)
	case *LetStmt:
		c.node(n.Name)
		if n.Func != nil {
			c.node(n.Func)
		} else {
			c.node(n.Value)
		}
	case *FuncDef:
		for _, p := range n.Params {
			c.node(p)
		}
		c.node(n.Body)
	case *Param:
		c.node(n.Name)
		for _, col := range n.Columns {
			c.node(col)
		}
		c.node(n.Default)
	case *ColumnDecl:
		if n.Name != nil {
			c.node(n.Name)
		}
	case *SetStmt:
		c.node(n.Value)
	case *DeclareStmt:
		for _, p := range n.Params {
			c.node(p)
		}
	case *AliasStmt:
		c.node(n.Name)
		c.node(n.Target)
	case *CommandStmt:
	case *ExprStmt:
		c.node(n.Pipe)
	case *Pipeline:
		c.node(n.Source)
		each(c, n.Ops)
	case *SubPipeline:
		each(c, n.Ops)
	case *NamedExpr:
		for _, name := range n.Names {
			c.node(name)
		}
		c.node(n.X)
	case *DynamicLit:
		c.node(n.Value)
	case *DynamicValue:
		c.node(n.Scalar)
		for _, v := range n.Array {
			c.node(v)
		}
		for _, fld := range n.Bag {
			c.node(fld)
		}
	case *DynamicField:
		c.node(n.Value)
	default:
		if !eachSourceChild(n, c) && !eachOpChild(n, c) {
			eachExprChild(n, c)
		}
	}
}

// children adapts a callback to the shapes of child lists, skipping nils.
type children struct{ f func(Node) }

func (c children) node(n Node) {
	if n != nil && !isNilNode(n) {
		c.f(n)
	}
}

// each visits every non-nil node of a child list.
func each[T Node](c children, xs []T) {
	for _, x := range xs {
		c.node(x)
	}
}

// isNilNode catches typed nil pointers stored in interfaces.
func isNilNode(n Node) bool {
	switch n := n.(type) {
	case *Name:
		return n == nil
	case *Pipeline:
		return n == nil
	case *SubPipeline:
		return n == nil
	case *FuncDef:
		return n == nil
	case *FuncBody:
		return n == nil
	case *DynamicValue:
		return n == nil
	case *NamedExpr:
		return n == nil
	}
	return false
}

func eachSourceChild(n Node, c children) bool {
	switch n := n.(type) {
	case *ExprSource:
		c.node(n.X)
	case *DatatableSource:
		each(c, n.Columns)
		each(c, n.Values)
	case *ExternalDataSource:
		each(c, n.Columns)
		each(c, n.URLs)
		each(c, n.With)
	case *PrintSource:
		each(c, n.Columns)
	case *RangeSource:
		c.node(n.Column)
		c.node(n.From)
		c.node(n.To)
		c.node(n.Step)
	default:
		return false
	}
	return true
}

func eachExprChild(n Node, c children) {
	switch n := n.(type) {
	case *Call:
		c.node(n.Receiver)
		each(c, n.Args)
	case *Binary:
		c.node(n.X)
		c.node(n.Y)
	case *Unary:
		c.node(n.X)
	case *InExpr:
		c.node(n.X)
		each(c, n.List)
	case *Between:
		c.node(n.X)
		c.node(n.Lo)
		c.node(n.Hi)
	case *Member:
		c.node(n.X)
	case *Index:
		c.node(n.X)
		c.node(n.Index)
	case *Paren:
		c.node(n.X)
	case *NamedArg:
		c.node(n.X)
	case *TabularExpr:
		c.node(n.Pipe)
	}
}
