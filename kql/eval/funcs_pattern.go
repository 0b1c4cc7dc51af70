package eval

import (
	"net/netip"
	"regexp"
	"strings"

	"github.com/sigmakql/sigmakql/kql"
)

func init() {
	builtins["extract"] = &builtin{min: 3, max: 4, bind: bindExtract}
	builtins["trim"] = &builtin{min: 2, max: 2, bind: bindTrim("^(?:%s)+|(?:%s)+$")}
	builtins["trim_start"] = &builtin{min: 2, max: 2, bind: bindTrim("^(?:%s)+")}
	builtins["trim_end"] = &builtin{min: 2, max: 2, bind: bindTrim("(?:%s)+$")}
	builtins["ipv4_is_in_range"] = &builtin{min: 2, max: 2, ret: TypeBool, fn: ipInRange(false)}
	builtins["ipv6_is_in_range"] = &builtin{min: 2, max: 2, ret: TypeBool, fn: ipInRange(true)}
	builtins["ipv4_is_in_any_range"] = &builtin{min: 2, max: -1, ret: TypeBool, fn: ipInAnyRange(false)}
	builtins["ipv6_is_in_any_range"] = &builtin{min: 2, max: -1, ret: TypeBool, fn: ipInAnyRange(true)}
	builtins["ipv4_is_private"] = &builtin{min: 1, max: 1, ret: TypeBool, fn: ipv4IsPrivate}
	builtins["parse_ipv4"] = &builtin{min: 1, max: 1, ret: TypeLong, fn: parseIPv4}
}

// constRegex compiles a constant regex argument once.
func constRegex(x *kql.Call, c compiled, pattern string) (*regexp.Regexp, error) {
	if !c.konst {
		return nil, unsupported(x, x.Func+"() with a non-constant regular expression")
	}
	re, err := regexp.Compile(strings.ReplaceAll(pattern, "%s", toStringValue(c.value())))
	if err != nil {
		return nil, errAt(x, CodeBadArgument, "invalid regular expression in %s(): %v", x.Func, err)
	}
	return re, nil
}

// bindExtract binds extract(regex, group, text[, typeof(T)]): the group's
// text of the first match, or "" when there is none (then null once
// converted to the requested type).
func bindExtract(_ *binder, x *kql.Call, a []compiled) (compiled, error) {
	re, err := constRegex(x, a[0], "%s")
	if err != nil {
		return compiled{}, err
	}
	if len(a) == 4 {
		return compiled{}, unsupported(x, "extract() with a result type")
	}
	group, text := a[1].fn, a[2].fn
	return compiled{typ: TypeString, fn: func(f *frame) Value {
		g := toLong(group(f))
		m := re.FindStringSubmatch(toStringValue(text(f)))
		if g.Null || m == nil || g.N < 0 || g.N >= int64(len(m)) {
			return String("")
		}
		return String(m[g.N])
	}}, nil
}

func bindTrim(pattern string) func(*binder, *kql.Call, []compiled) (compiled, error) {
	return func(_ *binder, x *kql.Call, a []compiled) (compiled, error) {
		re, err := constRegex(x, a[0], pattern)
		if err != nil {
			return compiled{}, err
		}
		text := a[1].fn
		return compiled{typ: TypeString, fn: func(f *frame) Value {
			return String(re.ReplaceAllString(toStringValue(text(f)), ""))
		}}, nil
	}
}

// parseIP reads an address, or the address part of address/prefix; v6 also
// accepts IPv4 addresses as their IPv4-mapped IPv6 form.
func parseIP(s string, v6 bool) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '/'); i >= 0 {
		s = s[:i]
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Addr{}, false
	}
	if v6 {
		return netip.AddrFrom16(a.As16()), true
	}
	return a, a.Is4()
}

// parseRange reads a range as prefix notation or a single address.
func parseRange(s string, v6 bool) (netip.Prefix, bool) {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "/") {
		a, ok := parseIP(s, v6)
		if !ok {
			return netip.Prefix{}, false
		}
		return netip.PrefixFrom(a, a.BitLen()), true
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	a, ok := parseIP(p.Addr().String(), v6)
	if !ok {
		return netip.Prefix{}, false
	}
	bits := p.Bits()
	if v6 && p.Addr().Is4() {
		bits += 96
	}
	return netip.PrefixFrom(a, bits).Masked(), true
}

// ipInRange is ipv4_is_in_range / ipv6_is_in_range: null when either side does
// not parse (Microsoft Learn, "ipv4_is_in_range()": "If conversion of either
// parameter to an IPv4 address wasn't successful, the result is null").
func ipInRange(v6 bool) func(*kql.Call, []Value) Value {
	return func(_ *kql.Call, a []Value) Value {
		ip, ok1 := parseIP(toStringValue(a[0]), v6)
		r, ok2 := parseRange(toStringValue(a[1]), v6)
		if !ok1 || !ok2 {
			return Null(TypeBool)
		}
		return Bool(r.Contains(ip))
	}
}

// ipInAnyRange is ipv4_is_in_any_range / ipv6_is_in_any_range: ranges come
// as arguments or as one dynamic array; null when the address or a range
// does not parse (Microsoft Learn, "ipv4_is_in_any_range()").
func ipInAnyRange(v6 bool) func(*kql.Call, []Value) Value {
	return func(_ *kql.Call, a []Value) Value { return inAnyRange(a, v6) }
}

func inAnyRange(a []Value, v6 bool) Value {
	ip, ok := parseIP(toStringValue(a[0]), v6)
	if !ok {
		return Null(TypeBool)
	}
	var ranges []string
	for _, v := range a[1:] {
		if arr, isArr := v.D.([]any); isArr && v.Type == TypeDynamic {
			for _, e := range arr {
				ranges = append(ranges, toStringValue(Dynamic(e)))
			}
			continue
		}
		ranges = append(ranges, toStringValue(v))
	}
	for _, s := range ranges {
		r, ok := parseRange(s, v6)
		if !ok {
			return Null(TypeBool)
		}
		if r.Contains(ip) {
			return Bool(true)
		}
	}
	return Bool(false)
}

func ipv4IsPrivate(_ *kql.Call, a []Value) Value {
	ip, ok := parseIP(toStringValue(a[0]), false)
	if !ok {
		return Null(TypeBool)
	}
	return Bool(ip.IsPrivate())
}

func parseIPv4(_ *kql.Call, a []Value) Value {
	ip, ok := parseIP(toStringValue(a[0]), false)
	if !ok {
		return Null(TypeLong)
	}
	b := ip.As4()
	return Long(int64(b[0])<<24 | int64(b[1])<<16 | int64(b[2])<<8 | int64(b[3]))
}
