// Package match is the direct Sigma interpreter: it decides whether one event matches
// a rule by reading the typed IR, without producing a query. It shares no code with
// the KQL backend or the modifier-lowering pass, so that the differential test (the
// compiled KQL on the local engine against this package, over every rule and event)
// compares two independent readings of the Sigma specification.
//
// The readings, with their sources (SigmaHQ sigma-specification v2.x, "Sigma Rules"
// and "Sigma Modifiers" appendix; pySigma where the specification is silent):
//
//   - Strings match case-insensitively unless |cased. Sigma does not say what that
//     means beyond ASCII, and a converted rule's meaning on Sentinel is the
//     contract, so the interpreter follows Kusto: its case-insensitive operators
//     use .NET's invariant-culture ordinal ignore-case comparison, which compares
//     characters by their invariant upper case (ToUpperInvariant). Each rune is
//     therefore compared by its simple upper case (unicode.ToUpper): ä matches Ä
//     and ſ matches s, but the Kelvin sign matches neither k nor K, ß does not
//     match ẞ (U+1E9E) and is not ss. This is narrower than Unicode case folding
//     (strings.EqualFold), which a rule run on Sentinel would not honour. '*' is
//     any run of characters, '?' exactly one character (one rune). A plain value
//     matches the whole field value.
//   - Values are compared as text: the rule number 4688 matches the event number
//     4688 and the string "4688"; a number also matches its spelling as written
//     (0x10) and numerically equal JSON numbers. Booleans match true/false values or
//     their text.
//   - A field whose value is a list matches when any element matches; an object
//     has no text and matches no string.
//   - null matches an absent field or a JSON null (pySigma's matcher); the empty
//     string value (two quotes) matches only "". Options.EmptyIsNull makes all three one value, as
//     Log Analytics sees them: a field holding "" is then absent, so "*" does not
//     match it, a fieldref to it never holds, exists is false and keywords skip it.
//   - exists checks presence only, "not its value, be it empty or null".
//   - neq negates the whole field match (pySigma negates the detection item), so
//     an absent field satisfies neq.
//   - Modifiers apply in the order written. windash replaces '-' and '/' where they
//     start an option (pySigma's \B[-/]\b) by any of - / – — ―. wide/utf16le,
//     utf16be and utf16 (U+FEFF then UTF-16LE) encode literal text and keep
//     wildcards; base64 and base64offset (three variants, cut as pySigma cuts them
//     over the encoded byte length) reject wildcards. Encoded values still match
//     case-insensitively unless cased, as pySigma strings do.
//   - re is an unanchored search with Go's RE2 syntax, case-sensitive unless |i;
//     |m and |s set the multiline and dot-all flags.
//   - cidr tests IPv4 and IPv6 membership; an IPv4-mapped IPv6 address is not in an
//     IPv4 network.
//   - gt, gte, lt, lte read the event value as a decimal number (JSON number or
//     numeric string); timestamp parts (minute … year, ISO week) read RFC 3339 or
//     "2006-01-02 15:04:05" timestamps as written, without zone conversion.
//   - fieldref compares with the other field's value (equality, or startswith,
//     endswith, contains after those modifiers), case-insensitively unless cased.
//   - expand resolves %name% from Options.Placeholders; an unresolved placeholder is
//     a compile error, as the specification requires rejecting the rule.
//   - A keyword (a value without a field) matches when it is contained in the text
//     of some leaf value of the event.
//   - Conditions: and, or, not, 1 of, all of; a rule with several conditions
//     matches when any does.
//   - Meta filters (Options.Filters) are AND-ed onto every condition of the rules
//     they apply to, as pySigma applies them.
//
// Compile once per rule and match many events; when matching many rules against one
// event, Prepare it first so every field is looked up and case-folded once.
package match
