package eval

import "testing"

// Each expectation below cites the Microsoft Learn page (and section) it comes
// from. The Kusto.Language oracle checks syntax and types only, so it cannot
// settle any of these results; where the documentation is silent the engine
// reports eval-unsupported instead of guessing (see TestUndocumentedIsAnError).

// TestHasIsATermMatch pins the term rules of has and friends.
// Source: learn.microsoft.com/kusto/query/datatypes-string-operators,
// "Understanding string terms" › "What is a term?": values are broken into
// maximal sequences of (ASCII) alphanumeric characters; has, hasprefix and
// hassuffix match whole terms, term prefixes and term suffixes. The 3-character
// minimum mentioned there concerns the term index only ("the query will
// revert to scanning"), not the result, so short terms match too.
func TestHasIsATermMatch(t *testing.T) { runScalarCases(t, hasIsATermMatchCases) }

var hasIsATermMatchCases = []scalarCase{
	// Examples of the has operator page ("North America" has "america").
	{"whole term, other case", `"North America" has "america"`, "true"},
	{"not a whole term", `"North America" !has "amer"`, "true"},
	{"has_cs needs the case", `"North America" has_cs "america"`, "false"},
	{"has_cs exact case", `"North America" has_cs "America"`, "true"},
	// Examples of the hasprefix/hassuffix pages.
	{"term prefix", `"North America" hasprefix "ame"`, "true"},
	{"not a term prefix", `"North America" hasprefix "mer"`, "false"},
	{"term suffix", `"North America" hassuffix "ica"`, "true"},
	{"not a term suffix", `"North America" hassuffix "ric"`, "false"},
	// The guid-like example of "What is a term?": terms split at - ; and :.
	{"term inside punctuation", `"Kusto: ad67d136-c1db-4f9f-88ef-d94f3b6b0b5a;KustoExplorerQueryRun" has "c1db"`, "true"},
	{"part of a term", `"Kusto: ad67d136-c1db-4f9f-88ef-d94f3b6b0b5a;KustoExplorerQueryRun" has "Explorer"`, "false"},
	{"substring is not has", `"mimikatz.exe" has "katz"`, "false"},
	{"contains is a substring match", `"mimikatz.exe" contains "katz"`, "true"},
	{"short term still matches", `"a b c" has "b"`, "true"},
	{"phrase across a separator", `@"C:\Windows\System32" has @"windows\system32"`, "true"},
	{"non-ASCII letters separate terms", `"naïve" has "na"`, "true"},
	{"has_any", `"North America" has_any ("south", "america")`, "true"},
	{"has_all missing one", `"North America" has_all ("north", "south")`, "false"},
	{"has_all", `"North America" has_all ("north", "america")`, "true"},
}

// TestEmptyVersusNull pins isempty/isnull and string nulls.
// Sources: learn.microsoft.com/kusto/query/isempty-function ("Returns true if
// the argument is an empty string or is null"; its example table:
// parse_json("") is empty, parse_json("[]") and parse_json("{}") are not);
// learn.microsoft.com/kusto/query/isnull-function (strings cannot be null:
// isnull("") is false); learn.microsoft.com/kusto/query/scalar-data-types/null-values
// ("string values can't be null").
func TestEmptyVersusNull(t *testing.T) { runScalarCases(t, emptyVersusNullCases) }

var emptyVersusNullCases = []scalarCase{
	{"empty string is empty", `isempty("")`, "true"},
	{"empty string is not null", `isnull("")`, "false"},
	{"string is not empty", `isempty("x")`, "false"},
	{"null long is empty", `isempty(long(null))`, "true"},
	{"null long is null", `isnull(long(null))`, "true"},
	{"zero is not empty", `isempty(0)`, "false"},
	{"parse_json of empty is empty", `isempty(parse_json(""))`, "true"},
	{"empty array is not empty", `isempty(parse_json("[]"))`, "false"},
	{"empty bag is not empty", `isempty(parse_json("{}"))`, "false"},
	{"tostring of null is empty", `isempty(tostring(long(null)))`, "true"},
	{"tostring of null is not null", `isnull(tostring(long(null)))`, "false"},
	{"isnotempty", `isnotempty(" ")`, "true"},
	{"isnotnull of a missing member is false", `isnotnull(dynamic({"a":1}).b)`, "false"},
}

// TestDynamicMembers pins member access on dynamic values.
// Sources: learn.microsoft.com/kusto/query/scalar-data-types/dynamic,
// "Dynamic object accessors" (a missing property gives null) and
// learn.microsoft.com/kusto/query/tostring-function (tostring of a dynamic
// string is the string itself, of null is "").
func TestDynamicMembers(t *testing.T) { runScalarCases(t, dynamicMembersCases) }

var dynamicMembersCases = []scalarCase{
	{"present member", `tostring(dynamic({"Image":"a.exe"}).Image)`, "a.exe"},
	{"missing member is null", `isnull(dynamic({"Image":"a.exe"}).CommandLine)`, "true"},
	{"tostring of missing member is empty", `tostring(dynamic({"Image":"a.exe"}).CommandLine)`, ""},
	{"bracket member", `tostring(dynamic({"Some Name":"x"})["Some Name"])`, "x"},
	{"member of a non-bag is null", `isnull(dynamic([1,2]).a)`, "true"},
	{"nested member", `tolong(dynamic({"a":{"b":7}}).a.b)`, "7"},
	{"array index", `tostring(dynamic(["x","y"])[1])`, "y"},
	{"negative index counts from the end", `tostring(dynamic(["x","y"])[-1])`, "y"},
	{"index out of range is null", `isnull(dynamic(["x"])[3])`, "true"},
	{"tostring of a number", `tostring(dynamic({"n":4}).n)`, "4"},
	{"tostring of a bag is JSON", `tostring(dynamic({"a":[1,"b"]}))`, `{"a":[1,"b"]}`},
	{"tolong of a numeric string", `tolong(dynamic({"p":"4"}).p)`, "4"},
	{"tolong of text is null", `isnull(tolong(dynamic({"p":"x"}).p))`, "true"},
	{"toreal of a string", `toreal("4000.5")`, "4000.5"},
	// tostring of a real follows .NET's shortest round-trip text.
	{"tostring of a million", `tostring(1000000.0)`, "1000000"},
	{"tostring of a small real", `tostring(0.0001)`, "0.0001"},
	{"tostring of a tiny real", `tostring(0.00001)`, "1E-05"},
	{"tostring of a large real", `tostring(1e15)`, "1E+15"},
	{"tostring of a third", `tostring(1.0/3)`, "0.3333333333333333"},
}

// TestCaseInsensitiveOperators pins =~, in~, contains, startswith and
// endswith, including non-ASCII letters.
// Sources: learn.microsoft.com/kusto/query/datatypes-string-operators,
// "Operators on strings" (the table of operators, their case sensitivity and
// examples such as "FabriKam" contains "BRik"). The non-ASCII cases pin the
// engine's rule (fold.go): each character compared by its invariant upper
// case. Older versions of the "=~ (equals) operator" page said
// case-insensitive operators handle ASCII only; the current page dropped that
// note and no page states the non-ASCII rule, so these cases are the
// engine's documented choice rather than a cited Kusto result.
func TestCaseInsensitiveOperators(t *testing.T) { runScalarCases(t, caseInsensitiveOperatorsCases) }

var caseInsensitiveOperatorsCases = []scalarCase{
	{"=~ example", `"abc" =~ "ABC"`, "true"},
	{"!~ example", `"aBc" !~ "xyz"`, "true"},
	{"== is case-sensitive", `"abc" == "ABC"`, "false"},
	{"contains example", `"FabriKam" contains "BRik"`, "true"},
	{"contains_cs example", `"FabriKam" contains_cs "Kam"`, "true"},
	{"!contains_cs example", `"Fabrikam" !contains_cs "Kam"`, "true"},
	{"endswith example", `"Fabrikam" endswith "Kam"`, "true"},
	{"endswith_cs example", `"Fabrikam" endswith_cs "kam"`, "true"},
	{"startswith example", `"Fabrikam" startswith "fab"`, "true"},
	{"startswith_cs", `"Fabrikam" startswith_cs "fab"`, "false"},
	{"in~", `"SYSTEM" in~ ("system", "local service")`, "true"},
	{"in is case-sensitive", `"SYSTEM" in ("system")`, "false"},
	{"!in~", `"SYSTEM" !in~ ("system")`, "false"},
	{"non-ASCII =~", `"ÜNÏCÖDÉ" =~ "ünïcödé"`, "true"},
	{"non-ASCII contains", `"ПРИВЕТ мир" contains "привет"`, "true"},
	{"non-ASCII endswith", `@"C:\Users\ÖMER\a.exe" endswith @"\ömer\A.EXE"`, "true"},
	{"non-ASCII in~", `"Straße" in~ ("STRASSE", "STRAßE")`, "true"},
	{"sharp s has no simple upper case", `"straße" =~ "STRASSE"`, "false"},
}

// TestRegexIsAnUnanchoredRE2Search pins matches regex.
// Source: learn.microsoft.com/kusto/query/datatypes-string-operators ("matches
// regex: LHS contains a match for RHS") and
// learn.microsoft.com/kusto/query/re2 (KQL uses RE2 syntax).
func TestRegexIsAnUnanchoredRE2Search(t *testing.T) {
	runScalarCases(t, regexIsAnUnanchoredRE2SearchCases)
}

var regexIsAnUnanchoredRE2SearchCases = []scalarCase{
	{"unanchored", `"xx cmd.exe yy" matches regex @"cmd\.exe"`, "true"},
	{"anchors when written", `"xx cmd.exe" matches regex @"^cmd\.exe$"`, "false"},
	{"case-sensitive by default", `"CMD" matches regex "cmd"`, "false"},
	{"(?i) flag", `"CMD" matches regex "(?i)cmd"`, "true"},
	{"(?s) lets . match newline", "\"a\\nb\" matches regex \"(?s)a.b\"", "true"},
	{"without (?s) . stops at newline", "\"a\\nb\" matches regex \"a.b\"", "false"},
}

// TestNumericComparisons pins comparisons across numeric types and nulls.
// Sources: learn.microsoft.com/kusto/query/numerical-operators (int, long and
// real compare by value), learn.microsoft.com/kusto/query/scalar-data-types/null-values
// ("Equality and inequality of null values", and its example where val > 3
// is null for a null val).
func TestNumericComparisons(t *testing.T) { runScalarCases(t, numericComparisonsCases) }

var numericComparisonsCases = []scalarCase{
	{"int equals long", `int(4) == 4`, "true"},
	{"long equals real", `4 == 4.0`, "true"},
	{"real below long", `3.5 < 4`, "true"},
	// "Null values" › "Equality and inequality of null values".
	{"null equals a value: false", `long(null) == 4`, "false"},
	{"null differs from a value: true", `long(null) != 4`, "true"},
	{"two nulls are neither equal", `long(null) == long(null)`, "null"},
	{"nor unequal", `long(null) != long(null)`, "null"},
	{"ordering a null is null", `long(null) > 3`, "null"},
	{"a missing member differs from a value", `dynamic({"a":1}).b != 1`, "true"},
	{"between", `5 between (1 .. 5)`, "true"},
	{"!between", `6 !between (1 .. 5)`, "true"},
	{"between a datetime and a timespan", `datetime(2007-07-29) between (datetime(2007-07-27) .. 3d)`, "true"},
	{"past the timespan", `datetime(2007-07-31) between (datetime(2007-07-27) .. 3d)`, "false"},
	{"in with mixed numbers", `int(4) in (4.0, 7)`, "true"},
	{"range counts down with a negative step", `toscalar(range x from 5 to 1 step -2 | summarize make_list(x))`, "[5,3,1]"},
	{"range past its end is empty", `toscalar(range x from 5 to 1 step 1 | count)`, "0"},
	{"range of datetimes", `toscalar(range d from datetime(2024-01-01) to datetime(2024-01-03) step 1d | count)`, "3"},
	{"integer division", `7 / 2`, "3"},
	{"real division", `7 / 2.0`, "3.5"},
	{"and with null", `long(null) == 1 and false`, "false"},
	{"or with null", `long(null) == 1 or true`, "true"},
}

// TestDatetimeAndTimespan pins datetime arithmetic and the injectable clock.
// Sources: learn.microsoft.com/kusto/query/datetime-timespan-arithmetic,
// learn.microsoft.com/kusto/query/ago-function, datetime-part-function.
func TestDatetimeAndTimespan(t *testing.T) { runScalarCases(t, datetimeAndTimespanCases) }

var datetimeAndTimespanCases = []scalarCase{
	{"now is the clock", `now()`, "2024-03-10T12:00:00Z"},
	{"ago subtracts", `ago(1d)`, "2024-03-09T12:00:00Z"},
	{"datetime minus datetime", `datetime(2024-01-02) - datetime(2024-01-01)`, "1.00:00:00"},
	{"datetime plus timespan", `datetime(2024-01-01) + 90m`, "2024-01-01T01:30:00Z"},
	{"timespan division", `1h / 1m`, "60"},
	{"comparison", `datetime(2024-01-01) < now()`, "true"},
	{"bin of a datetime", `bin(datetime(2024-01-01 10:47), 1h)`, "2024-01-01T10:00:00Z"},
	{"startofday", `startofday(datetime(2024-01-01 10:47))`, "2024-01-01T00:00:00Z"},
	{"datetime_part year", `datetime_part("year", datetime(2024-12-30))`, "2024"},
	{"week_of_year is ISO 8601", `datetime_part("week_of_year", datetime(2024-12-30))`, "1"},
	{"todatetime of text", `todatetime("2024-05-01T10:00:00Z")`, "2024-05-01T10:00:00Z"},
	{"timespan literal forms", `2d + 3h + 4m + 5s + 6ms`, "2.03:04:05.0060000"},
	// The examples of the datetime_diff() page: periods count boundaries.
	{"diff year", `datetime_diff('year', datetime(2017-01-01), datetime(2000-12-31))`, "17"},
	{"diff quarter", `datetime_diff('quarter', datetime(2017-07-01), datetime(2017-03-30))`, "2"},
	{"diff month", `datetime_diff('month', datetime(2017-01-01), datetime(2015-12-30))`, "13"},
	{"diff week", `datetime_diff('week', datetime(2017-10-29 00:00), datetime(2017-09-30 23:59))`, "5"},
	{"diff day", `datetime_diff('day', datetime(2017-10-29 00:00), datetime(2017-09-30 23:59))`, "29"},
	{"diff hour", `datetime_diff('hour', datetime(2017-10-31 01:00), datetime(2017-10-30 23:59))`, "2"},
	{"diff minute", `datetime_diff('minute', datetime(2017-10-30 23:05:01), datetime(2017-10-30 23:00:59))`, "5"},
	{"diff second", `datetime_diff('second', datetime(2017-10-30 23:00:10.100), datetime(2017-10-30 23:00:00.900))`, "10"},
	{"diff millisecond", `datetime_diff('millisecond', datetime(2017-10-30 23:00:00.200100), datetime(2017-10-30 23:00:00.100900))`, "100"},
	{"diff microsecond", `datetime_diff('microsecond', datetime(2017-10-30 23:00:00.1009001), datetime(2017-10-30 23:00:00.1008009))`, "100"},
	{"diff nanosecond", `datetime_diff('nanosecond', datetime(2017-10-30 23:00:00.0000000), datetime(2017-10-30 23:00:00.0000007))`, "-700"},
	// Examples of the format_datetime() page.
	{"format_datetime", `format_datetime(datetime(2015-12-14 02:03:04.12345), "y-M-d h:m:s.fffffff")`, "15-12-14 2:3:4.1234500"},
	{"format_datetime padded", `format_datetime(datetime(2015-12-14 02:03:04.12345), "yyyy-MM-dd [HH:mm:ss]")`, "2015-12-14 [02:03:04]"},
	{"format_datetime 12-hour", `format_datetime(datetime(2015-12-14 14:03:04), "hh:mm tt")`, "02:03 PM"},
}

// TestIPRanges pins the IP functions.
// Sources: learn.microsoft.com/kusto/query/ipv4-is-in-range-function (null
// when either argument fails to convert), ipv4-is-in-any-range-function,
// ipv6-is-in-range-function (IPv4 addresses are accepted as IPv6).
func TestIPRanges(t *testing.T) { runScalarCases(t, ipRangesCases) }

var ipRangesCases = []scalarCase{
	{"in range", `ipv4_is_in_range("10.1.2.3", "10.0.0.0/8")`, "true"},
	{"not in range", `ipv4_is_in_range("11.1.2.3", "10.0.0.0/8")`, "false"},
	{"single address", `ipv4_is_in_range("10.1.2.3", "10.1.2.3")`, "true"},
	{"invalid address is null", `ipv4_is_in_range("not an ip", "10.0.0.0/8")`, "null"},
	{"any range", `ipv4_is_in_any_range("172.16.5.1", "192.168.0.0/16", "172.16.0.0/12")`, "true"},
	{"any range of an array", `ipv4_is_in_any_range("172.16.5.1", dynamic(["192.168.0.0/16"]))`, "false"},
	{"ipv6", `ipv6_is_in_range("fe80::1", "fe80::/10")`, "true"},
	{"ipv6 loopback", `ipv6_is_in_range("::1", "::1/128")`, "true"},
	{"ipv6 outside", `ipv6_is_in_range("2001:db8::1", "fe80::/10")`, "false"},
}

// TestStringFunctions pins the common string functions.
// Sources: the Microsoft Learn pages of each function (substring-function,
// split-function, strcat-function, replace-string-function, extract-function,
// base64-decode-tostring-function, trim-function, strlen-function).
func TestStringFunctions(t *testing.T) { runScalarCases(t, stringFunctionsCases) }

var stringFunctionsCases = []scalarCase{
	{"substring", `substring("ABCD", 1, 2)`, "BC"},
	{"substring past the end", `substring("ABCD", 10)`, ""},
	{"split", `split("a,b,c", ",")`, `["a","b","c"]`},
	{"split with index", `split("a,b,c", ",", 1)`, `["b"]`},
	{"strcat", `strcat("a", 1, "b")`, "a1b"},
	{"replace_string", `replace_string("a.b.c", ".", "-")`, "a-b-c"},
	{"extract", `extract(@"(\d+)\.exe", 1, "tool42.exe")`, "42"},
	{"extract without match", `extract(@"(\d+)", 1, "none")`, ""},
	{"base64", `base64_decode_tostring("SUVY")`, "IEX"},
	// The page's own example: invalid UTF-8 "returns null", shown empty.
	{"invalid UTF-8 is empty", `isempty(base64_decode_tostring("U3RyaW5n0KHR0tGA0L7Rh9C60LA="))`, "true"},
	{"trim", `trim(@"\s", "  x  ")`, "x"},
	{"strlen counts characters", `strlen("日本")`, "2"},
	{"tolower", `tolower("ÄB")`, "äb"},
	{"iff", `iff(1 > 2, "a", "b")`, "b"},
	{"case", `case(1 > 2, "a", 2 > 1, "b", "c")`, "b"},
	{"coalesce skips null and empty", `coalesce(long(null), 5)`, "5"},
	{"array_length", `array_length(dynamic([1,2,3]))`, "3"},
	{"array_length of a non-array is null", `array_length(parse_json('{"a":1}'))`, "null"},
	{"bag_pack", `bag_pack("a", 1, "b", "x")`, `{"a":1,"b":"x"}`},
	// Examples in the spirit of the replace_regex(), extract_all() and
	// strcat_array() pages.
	{"replace_regex with a group", `replace_regex("A magic trick can turn a cat into a dog", @"cat", "hamster")`, "A magic trick can turn a hamster into a dog"},
	{"replace takes the text last", `replace(@"(\d+)", @"<\1>", "n 42")`, "n <42>"},
	{"replace_regex backreference", `replace_regex("number: 42", @"(\d+)", @"[\1]")`, "number: [42]"},
	{"extract_all one group", `extract_all(@"(\d+)", "a1b22c333")`, `["1","22","333"]`},
	{"extract_all groups", `extract_all(@"(\w)(\d)", "a1 b2")`, `[["a","1"],["b","2"]]`},
	{"strcat_array", `strcat_array(dynamic([1, 2, 3]), "->")`, "1->2->3"},
	{"array_concat", `array_concat(dynamic([1, 2]), dynamic(["a"]))`, `[1,2,"a"]`},
	{"set_has_element", `set_has_element(dynamic(["a", 2]), 2)`, "true"},
	{"array_index_of", `array_index_of(dynamic(["a", "b"]), "b")`, "1"},
	{"array_index_of missing", `array_index_of(dynamic(["a"]), "z")`, "-1"},
	// countof(): plain matches may overlap, regex matches do not.
	{"countof", `countof("aaa", "a")`, "3"},
	{"countof overlapping", `countof("aaaa", "aa")`, "3"},
	{"countof overlapping word", `countof("ababa", "aba")`, "2"},
	{"countof regex", `countof("ababa", "aba", "regex")`, "1"},
}

// TestStarSearch pins * op "x" (Microsoft Learn, "search operator": search
// "err" means where * has "err", over every column): any column may match, the
// row-identity column never does, and a dynamic bag is searched as its JSON
// text where that text is certain (see containerSearch).
func TestStarSearch(t *testing.T) {
	db := Database{"T": {
		Columns: []Column{{"A", TypeString}, {"N", TypeLong}, {RowIDColumn, TypeLong}},
		Rows:    [][]Value{{String("lsass.exe"), Long(7), Long(0)}, {String("x"), Long(1), Long(42)}},
	}}
	if _, err := runQuery(t, `T | where * contains "7"`, db); codeOf(err) != CodeUnsupported {
		t.Errorf("* matching only a long column: got %v, want %s", err, CodeUnsupported)
	}
	tests := []struct{ query, want string }{
		{`T | where * contains "LSASS" | count`, "1"},
		{`T | where * contains "lsass" or N == 7 | count`, "1"},
		{`T | where * contains "42" | count`, "0"},
		{`T | where * has "lsass" | count`, "1"},
	}
	for _, tc := range tests {
		res, err := runQuery(t, tc.query, db)
		if err != nil {
			t.Fatalf("%s: %v", tc.query, err)
		}
		if got := toStringValue(res.Rows[0][0]); got != tc.want {
			t.Errorf("%s = %s, want %s", tc.query, got, tc.want)
		}
	}
	bag := func(m map[string]any) Database {
		return Database{"T": {Columns: []Column{{"D", TypeDynamic}}, Rows: [][]Value{{Dynamic(m)}}}}
	}
	for _, tc := range []struct {
		name   string
		db     Database
		needle string
		want   string // count, or "" for a refusal
	}{
		{"value found every way", bag(map[string]any{"a": "lsass.exe"}), "lsass", "1"},
		{"found no way", bag(map[string]any{"a": "x"}), "lsass", "0"},
		// The needle cannot span JSON punctuation, so the JSON text answers:
		// keys are part of it, and a backslash is escaped in it.
		{"in a key", bag(map[string]any{"lsass": "x"}), "lsass", "1"},
		{"escaped in the JSON text", bag(map[string]any{"a": `dir\lsass`}), `dir\lsass`, "0"},
		{"the escaped form", bag(map[string]any{"a": `dir\lsass`}), `dir\\lsass`, "1"},
		// A needle with JSON punctuation depends on layout: answered only
		// where the readings agree.
		{"punctuation, readings agree", bag(map[string]any{"a": "x"}), `a:b`, "0"},
		{"edge spaces inside a value", bag(map[string]any{"a": "run -x now"}), ` -x `, "1"},
		{"edge space at a token's start", bag(map[string]any{"a": "x"}), ` "x`, ""},
		{"punctuation, readings agree on a match", bag(map[string]any{"a": "x:1"}), `x:1`, "1"},
		{"punctuation, readings differ", bag(map[string]any{"a": "x"}), `a":"x`, ""},
	} {
		res, err := runQuery(t, "T | where * contains @'"+tc.needle+"' | count", tc.db)
		switch {
		case tc.want == "" && codeOf(err) != CodeUnsupported:
			t.Errorf("%s: got %v, want %s", tc.name, err, CodeUnsupported)
		case tc.want != "" && (err != nil || toStringValue(res.Rows[0][0]) != tc.want):
			t.Errorf("%s: got %v %v, want %s", tc.name, res, err, tc.want)
		}
	}
}

// allScalarCases lists every scalar case, for the oracle check.
var allScalarCases = [][]scalarCase{hasIsATermMatchCases, emptyVersusNullCases, dynamicMembersCases, caseInsensitiveOperatorsCases, regexIsAnUnanchoredRE2SearchCases, numericComparisonsCases, datetimeAndTimespanCases, ipRangesCases, stringFunctionsCases}
