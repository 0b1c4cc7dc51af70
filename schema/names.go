package schema

import (
	"strings"

	"github.com/sigmakql/sigmakql/kql"
	"github.com/sigmakql/sigmakql/schema/internal/coltype"
)

// Kusto names an unnamed column after the expression that computes it. These
// tables record, per function, which rule Kusto.Language applies; a function not
// listed gets a generated name (Column1, Column2, …) that queries rarely refer to.
var (
	// namedByFirstArg functions keep their first argument's name: tostring(X) is X.
	namedByFirstArg = setOf(`split tostring tohex todynamic toobject tolong toint toreal todouble
		todatetime totimespan totime tobool toboolean todecimal toguid parse_csv parsejson parse_json
		parse_xml format_datetime format_timespan startofday bin floor bin_at bin_auto binary_and
		binary_or binary_xor binary_not binary_shift_right binary_shift_left bitset_count_ones
		series_fir series_outliers series_iir series_fill_backward series_fill_forward
		series_fill_const series_fill_linear round ceiling pow sqrt log log2 log10 exp exp2 exp10
		cos sin tan acos asin atan atan2 abs rand gamma loggamma erf erfc format_bytes
		take_anyif passthrough binary_all_or binary_all_and binary_all_xor`)

	// namedByFuncAndArg functions are named function_argument: strlen(X) is strlen_X.
	namedByFuncAndArg = setOf(`strlen string_size percentile_tdigest dcount_hll`)

	// aggregatePrefix maps aggregates named prefix_argument (count() is count_,
	// dcount(X) is dcount_X) to their prefix.
	aggregatePrefix = map[string]string{
		"makelist": "list", "make_list": "list", "make_list_if": "list", "make_list_with_nulls": "list",
		"makeset": "set", "make_set": "set", "make_set_if": "set",
		"make_bag": "bag", "make_bag_if": "bag", "make_dictionary": "dictionary", "buildschema": "schema",
		"tdigest_merge": "merge_tdigests", "merge_tdigest": "merge_tdigests",
	}

	// aggregateSamePrefix lists aggregates whose prefix is their own name.
	aggregateSamePrefix = setOf(`sum sumif cnt count countif dcount dcountif tdigest hll hll_if
		hll_merge min minif max maxif avg avgif stdev stdevif stdevp variance varianceif variancep
		variancepif covariance covarianceif covariancep covariancepif any anyif count_distinct
		count_distinctif`)

	// rowAggregates return whole argument columns: take_any(A, B) gives A and B;
	// arg_max(T, *) gives T and every other column.
	rowAggregates = setOf(`take_any arg_max arg_min argmax argmin`)

	// percentileAggregates name their columns percentile_X_P for each P.
	percentileAggregates = setOf(`percentile percentiles percentilew percentilesw
		percentiles_array percentilesw_array`)
)

// isAggregate reports whether name is an aggregate function that summarize names
// by its own rules.
func isAggregate(name string) bool {
	_, prefixed := aggregatePrefix[name]
	return prefixed || aggregateSamePrefix[name] || rowAggregates[name] || percentileAggregates[name]
}

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// resultName is the name Kusto gives the column computed by x when the query
// names none, or "" when Kusto generates a ColumnN name.
func resultName(x kql.Expr) string {
	switch x := x.(type) {
	case *kql.NameRef:
		return x.Name
	case *kql.Member:
		return joinName(resultName(x.X), x.Name)
	case *kql.Index:
		if lit, ok := x.Index.(*kql.Literal); ok {
			return joinName(resultName(x.X), lit.Value)
		}
	case *kql.Call:
		return callResultName(x)
	case *kql.NamedArg:
		return x.Name
	}
	return ""
}

func joinName(base, member string) string {
	if base == "" {
		return ""
	}
	return base + "_" + member
}

func callResultName(c *kql.Call) string {
	fn := strings.ToLower(c.Func)
	first := ""
	if len(c.Args) > 0 {
		first = resultName(c.Args[0])
	}
	switch {
	case namedByFirstArg[fn]:
		return first
	case namedByFuncAndArg[fn]:
		return joinName(fn, first)
	case aggregateSamePrefix[fn]:
		return fn + "_" + first
	case aggregatePrefix[fn] != "":
		return aggregatePrefix[fn] + "_" + first
	case fn == "column_ifexists" || fn == "columnifexists":
		if len(c.Args) > 0 {
			if lit, ok := c.Args[0].(*kql.Literal); ok && lit.Kind == kql.LitString {
				return lit.Value
			}
		}
	case fn == "ingestion_time":
		return "$IngestionTime"
	}
	return ""
}

// canonicalType maps a declared type name to Kusto's canonical one, "" when
// unknown.
func canonicalType(t string) string {
	if t == "" {
		return ""
	}
	c, _ := coltype.Normalize(t)
	return c
}

// callTypes gives the result type of common functions; the validator needs types
// only for cheap warnings and for mv-expand … to typeof.
var callTypes = map[string]string{
	"tostring": "string", "strcat": "string", "tolower": "string", "toupper": "string", "trim": "string",
	"extract": "string", "replace_string": "string", "substring": "string", "format_datetime": "string",
	"toint": "int", "tolong": "long", "todouble": "real", "toreal": "real", "tobool": "bool",
	"todatetime": "datetime", "totimespan": "timespan", "toguid": "guid", "todecimal": "decimal",
	"todynamic": "dynamic", "parse_json": "dynamic", "parsejson": "dynamic", "split": "dynamic",
	"pack": "dynamic", "bag_pack": "dynamic", "pack_array": "dynamic", "extract_all": "dynamic",
	"strlen": "long", "array_length": "long", "count": "long", "countif": "long", "dcount": "long",
	"dcountif": "long", "avg": "real", "avgif": "real", "ago": "datetime", "now": "datetime",
	"startofday": "datetime", "make_set": "dynamic", "make_list": "dynamic", "make_bag": "dynamic",
	"make_set_if": "dynamic", "make_list_if": "dynamic", "isempty": "bool", "isnotempty": "bool",
	"isnull": "bool", "isnotnull": "bool", "not": "bool", "row_number": "long",
}

// multiValueSeries are functions that return several named values; unnamed, they
// add one column per value, function_argument_value (series_stats_X_min, …).
var multiValueSeries = setOf(`series_stats series_stats_dynamic series_decompose
	series_decompose_anomalies series_decompose_forecast series_fit_line series_fit_line_dynamic
	series_fit_2lines series_fit_2lines_dynamic series_periods_detect series_periods_validate
	series_fit_poly`)

// multiValuePrefix returns the prefix of the columns an unnamed multi-value
// function call adds, or "".
func multiValuePrefix(ne *kql.NamedExpr) string {
	call, ok := ne.X.(*kql.Call)
	if !ok || len(ne.Names) > 0 || !multiValueSeries[strings.ToLower(call.Func)] || len(call.Args) == 0 {
		return ""
	}
	if arg := resultName(call.Args[0]); arg != "" {
		return strings.ToLower(call.Func) + "_" + arg + "_"
	}
	return ""
}
