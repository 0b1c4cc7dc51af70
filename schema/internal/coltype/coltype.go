// Package coltype maps the many spellings of column types found in Microsoft's
// table documentation and in user schema files onto Kusto's canonical scalar type
// names, so that the snapshot, user schemas and the validator all speak one
// vocabulary.
package coltype

import "strings"

// Canonical lists Kusto's scalar type names, the only values Normalize returns.
var Canonical = []string{"bool", "datetime", "decimal", "dynamic", "guid", "int", "long", "real", "string", "timespan"}

// aliases maps lower-cased spellings to canonical names. Documentation spellings
// (Double, BigInt, "nullable bool", object, enum) sit beside Kusto's own aliases
// (boolean, date, int64, double, uuid, time).
var aliases = map[string]string{
	"bool": "bool", "boolean": "bool", "nullable bool": "bool",
	"datetime": "datetime", "date": "datetime",
	"decimal": "decimal",
	"dynamic": "dynamic", "object": "dynamic", "array": "dynamic", "": "dynamic",
	"guid": "guid", "uuid": "guid", "uniqueid": "guid",
	"int": "int", "integer": "int", "int32": "int",
	"long": "long", "bigint": "long", "int64": "long",
	"real": "real", "double": "real", "float": "real",
	"string": "string", "enum": "string",
	"timespan": "timespan", "time": "timespan",
	// .NET names, as Azure Data Explorer's schema commands and getschema's
	// DataType column write them (System.String, System.SByte for bool, …),
	// after Normalize drops the "system." prefix.
	"sbyte": "bool", "int16": "int", "single": "real",
	"data.sqltypes.sqldecimal": "decimal", "sqldecimal": "decimal",
}

// Normalize returns the canonical Kusto name of a documented column type, and
// false when the spelling is not one Kusto or Microsoft's documentation uses.
func Normalize(t string) (string, bool) {
	c, ok := aliases[strings.TrimPrefix(strings.ToLower(strings.TrimSpace(t)), "system.")]
	return c, ok
}
