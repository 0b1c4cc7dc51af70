package resources

import (
	"fmt"
	"sort"
	"strings"

	"github.com/sigmakql/sigmakql/ir"
)

// modifierDoc explains one Sigma modifier kind and how sigmakql expresses it in
// KQL (DESIGN §2).
type modifierDoc struct {
	meaning string
	kql     string
}

// modifierDocs covers every ir.ModifierKind; a test fails when ir gains a kind this
// table does not explain.
var modifierDocs = map[ir.ModifierKind]modifierDoc{
	ir.ModContains:     {"the value appears anywhere in the field (`*v*`)", "`contains` (`contains_cs` with `cased`)"},
	ir.ModStartsWith:   {"the field starts with the value (`v*`)", "`startswith` (`startswith_cs` with `cased`)"},
	ir.ModEndsWith:     {"the field ends with the value (`*v`)", "`endswith` (`endswith_cs` with `cased`)"},
	ir.ModAll:          {"every value of the list must match, instead of any", "the per-value predicates joined with `and`"},
	ir.ModBase64:       {"match the base64 encoding of the value", "the encoded text, compared as a plain string"},
	ir.ModBase64Offset: {"the value base64-encoded at each of the three byte offsets, so it is found inside a longer encoded blob", "the three encodings OR-ed, usually with `contains`"},
	ir.ModWide:         {"the value encoded as UTF-16LE before any base64 step (alias `utf16le`)", "the encoded text"},
	ir.ModUTF16BE:      {"the value encoded as UTF-16BE", "the encoded text"},
	ir.ModUTF16:        {"the value encoded as UTF-16 with a byte-order mark", "the encoded text"},
	ir.ModWindash:      {"every `-` or `/` in the value may be written with any dash or slash variant: `-`, `/`, `–`, `—`, `―`", "one predicate per variant, OR-ed"},
	ir.ModRe:           {"the value is a regular expression", "`matches regex`; constructs RE2 cannot run are rejected with a clear error"},
	ir.ModReIgnoreCase: {"with `re`: match case-insensitively (alias `ignorecase`)", "the `(?i)` flag"},
	ir.ModReMultiline:  {"with `re`: `^` and `$` match at line breaks (alias `multiline`)", "the `(?m)` flag"},
	ir.ModReDotAll:     {"with `re`: `.` also matches a newline (alias `dotall`)", "the `(?s)` flag"},
	ir.ModCIDR:         {"the value is an IPv4 or IPv6 network; the field is an address inside it", "`ipv4_is_in_range` / `ipv6_is_in_range`, OR-ed over a list"},
	ir.ModExists:       {"the value is `true` or `false`: the field is present (non-empty) or not", "`isnotempty` / `isempty` (`isnotnull` / `isnull` for non-string columns)"},
	ir.ModCased:        {"match case-sensitively; Sigma is case-insensitive by default", "`==`, `in`, and the `_cs` operators"},
	ir.ModGT:           {"the field is numerically greater than the value", "`>`"},
	ir.ModGTE:          {"the field is numerically greater than or equal to the value", "`>=`"},
	ir.ModLT:           {"the field is numerically less than the value", "`<`"},
	ir.ModLTE:          {"the field is numerically less than or equal to the value", "`<=`"},
	ir.ModNeq:          {"the field is not equal to the value", "`!~` (`!=` with `cased`)"},
	ir.ModFieldRef:     {"the value names another field of the same event; the two fields are compared", "`f1 =~ f2` (and the startswith/endswith/contains forms)"},
	ir.ModExpand:       {"`%name%` placeholders in the value are replaced by values from the pipeline", "the pipeline's values, or its query expression (e.g. a watchlist); unresolved placeholders are an error"},
	ir.ModMinute:       {"compare the minute of a timestamp field", "`datetime_part(\"minute\", f)`"},
	ir.ModHour:         {"compare the hour of a timestamp field", "`datetime_part(\"hour\", f)`"},
	ir.ModDay:          {"compare the day of the month of a timestamp field", "`datetime_part(\"day\", f)`"},
	ir.ModWeek:         {"compare the week of the year of a timestamp field", "`week_of_year(f)`"},
	ir.ModMonth:        {"compare the month of a timestamp field", "`datetime_part(\"month\", f)`"},
	ir.ModYear:         {"compare the year of a timestamp field", "`datetime_part(\"year\", f)`"},
}

// modifierReference renders the Markdown reference of every modifier, grouped by
// kind with all accepted spellings.
func modifierReference() string {
	spellings := map[ir.ModifierKind][]string{}
	for _, name := range ir.ModifierNames() {
		k := ir.LookupModifier(name)
		spellings[k] = append(spellings[k], name)
	}
	kinds := make([]ir.ModifierKind, 0, len(spellings))
	for k := range spellings {
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(i, j int) bool { return kinds[i] < kinds[j] })
	var b strings.Builder
	b.WriteString("# Sigma value modifiers in sigmakql\n\n")
	b.WriteString("Modifiers follow the field name: `CommandLine|contains|all:`. Sigma matching is case-insensitive unless `cased` is given.\n\n")
	b.WriteString("| modifier | spellings | meaning | KQL |\n|---|---|---|---|\n")
	for _, k := range kinds {
		names := spellings[k]
		sort.Strings(names)
		d := modifierDocs[k]
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", k, "`"+strings.Join(names, "`, `")+"`", d.meaning, d.kql)
	}
	return b.String()
}
