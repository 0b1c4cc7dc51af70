package ir

// Detection is the detection section of a rule or filter: named searches and one or
// more conditions over them. Each condition yields one query.
type Detection struct {
	Pos        Pos
	Searches   []*Search // in document order
	Conditions []*Condition
	Timeframe  *Duration // the deprecated detection.timeframe, if present
}

// Search returns the search with the given name, or nil.
func (d *Detection) Search(name string) *Search {
	for _, s := range d.Searches {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Search is one named search identifier. It matches an event when any of its
// alternatives matches (a YAML list is an OR); a plain map has one alternative.
type Search struct {
	Pos          Pos
	Name         string
	Alternatives []*Group
}

// Group matches an event when all of its field matches do (a YAML map is an AND).
type Group struct {
	Pos     Pos
	Matches []*FieldMatch
}

// FieldMatch is one "field|modifiers: values" item, or a keyword item when Field is
// empty. It matches when any value matches, or every value when the all modifier is
// present. Values are already typed according to the modifier chain: a |re match
// holds *Regex values, |cidr *CIDR, |fieldref *FieldRef, |exists *Bool, and so on.
type FieldMatch struct {
	Pos       Pos
	Field     string // "" for keywords
	Modifiers []Modifier
	Values    []Value
}

// IsKeyword reports whether the match has no field (a keyword search).
func (m *FieldMatch) IsKeyword() bool { return m.Field == "" }

// Has reports whether the modifier chain contains k.
func (m *FieldMatch) Has(k ModifierKind) bool {
	for _, mod := range m.Modifiers {
		if mod.Kind == k {
			return true
		}
	}
	return false
}

// All reports whether every value must match (the all modifier).
func (m *FieldMatch) All() bool { return m.Has(ModAll) }

// Condition is one condition string, parsed.
type Condition struct {
	Pos    Pos    // where the condition text starts
	Source string // the condition as written
	Expr   Expr
}
