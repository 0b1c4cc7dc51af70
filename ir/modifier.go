package ir

// ModifierKind is a Sigma value modifier. Aliases (utf16le for wide, ignorecase for
// i, ...) map to one kind; Modifier.Name keeps the spelling.
type ModifierKind int

const (
	ModInvalid      ModifierKind = iota // not a known modifier
	ModContains                         // value anywhere in the field: *v*
	ModStartsWith                       // value at the start: v*
	ModEndsWith                         // value at the end: *v
	ModAll                              // every value in the list must match
	ModBase64                           // compare with the base64 encoding of the value
	ModBase64Offset                     // the value base64-encoded at any of the three byte offsets
	ModWide                             // the value encoded as UTF-16LE (alias utf16le)
	ModUTF16BE                          // the value encoded as UTF-16BE
	ModUTF16                            // the value encoded as UTF-16 with a byte order mark
	ModWindash                          // every '-' or '/' may be any dash or slash variant
	ModRe                               // the value is a regular expression
	ModReIgnoreCase                     // with re: case-insensitive (i, ignorecase)
	ModReMultiline                      // with re: ^ and $ match at line breaks (m, multiline)
	ModReDotAll                         // with re: . matches a newline (s, dotall)
	ModCIDR                             // the value is an IPv4 or IPv6 network
	ModExists                           // the value is true or false: the field is present or not
	ModCased                            // match case-sensitively
	ModGT                               // numeric greater than
	ModGTE                              // numeric greater than or equal
	ModLT                               // numeric less than
	ModLTE                              // numeric less than or equal
	ModNeq                              // the field is not equal to the value
	ModFieldRef                         // the value names another field of the same event
	ModExpand                           // %name% placeholders in the value are expanded
	ModMinute                           // timestamp part: minute
	ModHour                             // timestamp part: hour
	ModDay                              // timestamp part: day of month
	ModWeek                             // timestamp part: week of year
	ModMonth                            // timestamp part: month
	ModYear                             // timestamp part: year
)

// modifierNames maps every accepted spelling to its kind.
var modifierNames = map[string]ModifierKind{
	"contains":     ModContains,
	"startswith":   ModStartsWith,
	"endswith":     ModEndsWith,
	"all":          ModAll,
	"base64":       ModBase64,
	"base64offset": ModBase64Offset,
	"wide":         ModWide,
	"utf16le":      ModWide,
	"utf16be":      ModUTF16BE,
	"utf16":        ModUTF16,
	"windash":      ModWindash,
	"re":           ModRe,
	"i":            ModReIgnoreCase,
	"ignorecase":   ModReIgnoreCase,
	"m":            ModReMultiline,
	"multiline":    ModReMultiline,
	"s":            ModReDotAll,
	"dotall":       ModReDotAll,
	"cidr":         ModCIDR,
	"exists":       ModExists,
	"cased":        ModCased,
	"gt":           ModGT,
	"gte":          ModGTE,
	"lt":           ModLT,
	"lte":          ModLTE,
	"neq":          ModNeq,
	"fieldref":     ModFieldRef,
	"expand":       ModExpand,
	"minute":       ModMinute,
	"hour":         ModHour,
	"day":          ModDay,
	"week":         ModWeek,
	"month":        ModMonth,
	"year":         ModYear,
}

// canonicalNames is the canonical spelling of each kind.
var canonicalNames = func() map[ModifierKind]string {
	m := map[ModifierKind]string{}
	for name, k := range modifierNames {
		if old, ok := m[k]; !ok || len(name) < len(old) || (len(name) == len(old) && name < old) {
			m[k] = name
		}
	}
	m[ModWide] = "wide"
	return m
}()

// LookupModifier returns the kind of a modifier spelling, or ModInvalid.
func LookupModifier(name string) ModifierKind { return modifierNames[name] }

// ModifierNames returns every accepted modifier spelling (for suggestions).
func ModifierNames() []string {
	out := make([]string, 0, len(modifierNames))
	for n := range modifierNames {
		out = append(out, n)
	}
	return out
}

// String returns the canonical spelling of the kind.
func (k ModifierKind) String() string {
	if n, ok := canonicalNames[k]; ok {
		return n
	}
	return "invalid"
}

// Modifier is one modifier in a field's chain, as written.
type Modifier struct {
	Pos  Pos
	Kind ModifierKind
	Name string // the spelling used in the rule
}

// IsTimestampPart reports whether k extracts a part of a timestamp.
func (k ModifierKind) IsTimestampPart() bool { return k >= ModMinute && k <= ModYear }

// IsNumericCompare reports whether k compares numbers (gt, gte, lt, lte).
func (k ModifierKind) IsNumericCompare() bool { return k >= ModGT && k <= ModLTE }
