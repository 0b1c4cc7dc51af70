package eval

import (
	"regexp"
	"strings"

	"github.com/sigmakql/sigmakql/kql"
)

func init() {
	builtins["base64_decodestring"] = builtins["base64_decode_tostring"]
	builtins["replace_regex"] = &builtin{min: 3, max: 3, bind: bindReplaceRegex}
	builtins["replace"] = &builtin{min: 3, max: 3, bind: bindReplace}
	builtins["extract_all"] = &builtin{min: 2, max: 3, bind: bindExtractAll}
	builtins["strcat_array"] = &builtin{min: 2, max: 2, ret: TypeString, fn: strcatArray}
	builtins["string_size"] = &builtin{min: 1, max: 1, ret: TypeLong, fn1: func(v Value) Value { return Long(int64(len(toStringValue(v)))) }}
	aggregates["makeset"] = aggregates["make_set"]
	aggregates["makelist"] = aggregates["make_list"]
	aggregates["dcountif"] = bindDcount
	aggregates["make_set_if"] = bindCollect("set", true)
	aggregates["make_list_if"] = bindCollect("list", false)
}

// backrefs turns Kusto's \1 rewrite references into Go's ${1}.
var backrefs = regexp.MustCompile(`\\(\d)`)

// bindReplaceRegex binds replace_regex(text, regex, rewrite): every match is
// replaced, \N in the rewrite standing for capture group N.
func bindReplaceRegex(_ *binder, x *kql.Call, a []compiled) (compiled, error) {
	re, err := constRegex(x, a[1], "%s")
	if err != nil {
		return compiled{}, err
	}
	text, rewrite := a[0].fn, a[2].fn
	return compiled{typ: TypeString, fn: func(f *frame) Value {
		tmpl := backrefs.ReplaceAllString(strings.ReplaceAll(toStringValue(rewrite(f)), "$", "$$"), "$${$1}")
		return String(re.ReplaceAllString(toStringValue(text(f)), tmpl))
	}}, nil
}

// bindReplace binds the older replace(regex, rewrite, text), which takes the
// text last (Microsoft Learn, "replace()").
func bindReplace(b *binder, x *kql.Call, a []compiled) (compiled, error) {
	return bindReplaceRegex(b, x, []compiled{a[2], a[0], a[1]})
}

// bindExtractAll binds extract_all(regex, [groups,] text): the matches'
// group texts, one string per match for a single group, or one array of the
// groups per match (Microsoft Learn, "extract_all()"); no match gives null.
func bindExtractAll(_ *binder, x *kql.Call, a []compiled) (compiled, error) {
	re, err := constRegex(x, a[0], "%s")
	if err != nil {
		return compiled{}, err
	}
	if len(a) == 3 {
		return compiled{}, unsupported(x, "extract_all() with a list of groups")
	}
	text := a[1].fn
	return compiled{typ: TypeDynamic, fn: func(f *frame) Value {
		matches := re.FindAllStringSubmatch(toStringValue(text(f)), -1)
		if matches == nil {
			return Dynamic(nil)
		}
		out := make([]any, len(matches))
		for i, m := range matches {
			out[i] = matchGroups(m)
		}
		return Dynamic(out)
	}}, nil
}

func matchGroups(m []string) any {
	switch len(m) {
	case 1:
		return m[0]
	case 2:
		return m[1]
	}
	groups := make([]any, len(m)-1)
	for i, g := range m[1:] {
		groups[i] = g
	}
	return groups
}

func strcatArray(_ *kql.Call, a []Value) Value {
	arr, ok := a[0].D.([]any)
	if !ok || a[0].Type != TypeDynamic {
		return String("")
	}
	parts := make([]string, len(arr))
	for i, e := range arr {
		parts[i] = toStringValue(Dynamic(e))
	}
	return String(strings.Join(parts, toStringValue(a[1])))
}
