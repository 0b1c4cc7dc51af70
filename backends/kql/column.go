package kql

import "github.com/sigmakql/sigmakql/passes"

// colKind is how the backend compares values against a column, derived from the
// column's Kusto type.
type colKind int

const (
	kindString   colKind = iota // string: the Sigma string operators apply directly
	kindNumber                  // int, long, real, decimal: numeric comparison
	kindBool                    // bool
	kindDatetime                // datetime
	kindDynamic                 // dynamic, read as is
	kindOther                   // guid, timespan and unknown types: compared as text
)

var kindsByType = map[string]colKind{
	"string": kindString, "": kindString,
	"int": kindNumber, "long": kindNumber, "real": kindNumber, "decimal": kindNumber,
	"double": kindNumber, "bigint": kindNumber, "integer": kindNumber,
	"bool": kindBool, "boolean": kindBool,
	"datetime": kindDatetime, "date": kindDatetime,
	"dynamic": kindDynamic,
}

func kindOf(c passes.Column) colKind {
	if k, ok := kindsByType[c.Type]; ok {
		return k
	}
	return kindOther
}

// memberConversions converts a member of a dynamic column to the type the Plan
// gives it, so comparisons see a typed value rather than a dynamic one.
var memberConversions = map[string]string{
	"string": "tostring", "int": "toint", "long": "tolong", "real": "toreal",
	"decimal": "todecimal", "bool": "tobool", "datetime": "todatetime",
	"guid": "toguid", "timespan": "totimespan",
}

// readColumn returns the expression that reads a Plan column with its type.
func readColumn(c passes.Column) expr {
	col := columnExpr{name: c.Name, path: c.Path, text: len(c.Path) == 0 && kindOf(c) == kindString}
	if len(c.Path) > 0 {
		if fn, ok := memberConversions[c.Type]; ok {
			return call(fn, col)
		}
	}
	return col
}

// readText returns the column read as text, for string operators on columns of
// other types (a wildcard on a numeric column, for example).
func readText(c passes.Column) expr {
	if kindOf(c) == kindString {
		return readColumn(c)
	}
	return call("tostring", columnExpr{name: c.Name, path: c.Path})
}
