package match_test

import (
	"testing"

	"github.com/sigmakql/sigmakql/ir/match"
)

// TestScalars pins numbers, booleans, null and exists. Sources: Sigma rules
// specification ("Maps": "the value is a string or integer value"; "Special Field
// Values": null; "Field Existence") and the modifiers appendix ("exists": "this check
// only verifies the presence of a field, not its value, be it empty or null").
func TestScalars(t *testing.T) {
	runMatchCases(t, []matchCase{
		// Sigma compares textually: the number 4688 is the text "4688".
		{name: "number matches number", detection: `
sel:
    EventID: 4688
condition: sel`, event: `{"EventID": 4688}`, want: true},
		{name: "number matches numeric string", detection: `
sel:
    EventID: 4688
condition: sel`, event: `{"EventID": "4688"}`, want: true},
		{name: "number does not match padded string", detection: `
sel:
    EventID: 4688
condition: sel`, event: `{"EventID": "04688"}`, want: false},
		{name: "quoted number matches number", detection: `
sel:
    EventID: '4688'
condition: sel`, event: `{"EventID": 4688}`, want: true},
		{name: "hex number matches its spelling", detection: `
sel:
    Status: 0xC000006D
condition: sel`, event: `{"Status": "0xc000006d"}`, want: true},
		{name: "hex number matches its value", detection: `
sel:
    Flags: 0x10
condition: sel`, event: `{"Flags": 16}`, want: true},
		{name: "number equals float number", detection: `
sel:
    Level: 1
condition: sel`, event: `{"Level": 1.0}`, want: true},
		{name: "number with wildcard modifier is text", detection: `
sel:
    ProcessId|startswith: 12
condition: sel`, event: `{"ProcessId": 1234}`, want: true},
		{name: "bool matches bool", detection: `
sel:
    Enabled: true
condition: sel`, event: `{"Enabled": true}`, want: true},
		{name: "bool matches its text", detection: `
sel:
    Enabled: false
condition: sel`, event: `{"Enabled": "False"}`, want: true},
		{name: "bool does not match other bool", detection: `
sel:
    Enabled: true
condition: sel`, event: `{"Enabled": false}`, want: false},
		{name: "null matches absent", detection: `
sel:
    PasswordLastSet: null
condition: sel`, event: `{"Other": 1}`, want: true},
		{name: "null matches JSON null", detection: `
sel:
    PasswordLastSet: null
condition: sel`, event: `{"PasswordLastSet": null}`, want: true},
		{name: "null does not match empty string", detection: `
sel:
    PasswordLastSet: null
condition: sel`, event: `{"PasswordLastSet": ""}`, want: false},
		{name: "null matches empty string under EmptyIsNull", detection: `
sel:
    PasswordLastSet: null
condition: sel`, event: `{"PasswordLastSet": ""}`, want: true, opts: match.Options{EmptyIsNull: true}},
		{name: "empty string matches absent under EmptyIsNull", detection: `
sel:
    PasswordLastSet: ''
condition: sel`, event: `{}`, want: true, opts: match.Options{EmptyIsNull: true}},
		{name: "star does not match empty string under EmptyIsNull", detection: `
sel:
    CommandLine: '*'
condition: sel`, event: `{"CommandLine": ""}`, want: false, opts: match.Options{EmptyIsNull: true}},
		{name: "star matches empty string by default", detection: `
sel:
    CommandLine: '*'
condition: sel`, event: `{"CommandLine": ""}`, want: true},
		{name: "fieldref between two empty strings fails under EmptyIsNull", detection: `
sel:
    ParentImage|fieldref: Image
condition: sel`, event: `{"ParentImage": "", "Image": ""}`, want: false, opts: match.Options{EmptyIsNull: true}},
		{name: "fieldref startswith an empty string fails under EmptyIsNull", detection: `
sel:
    CommandLine|fieldref|startswith: Image
condition: sel`, event: `{"CommandLine": "a b", "Image": ""}`, want: false, opts: match.Options{EmptyIsNull: true}},
		{name: "fieldref between two empty strings holds by default", detection: `
sel:
    ParentImage|fieldref: Image
condition: sel`, event: `{"ParentImage": "", "Image": ""}`, want: true},
		{name: "exists false on empty field under EmptyIsNull", detection: `
sel:
    Field|exists: true
condition: sel`, event: `{"Field": ""}`, want: false, opts: match.Options{EmptyIsNull: true}},
		{name: "keyword star skips empty strings under EmptyIsNull", detection: `
keywords:
    - '*'
condition: keywords`, event: `{"A": "", "B": ""}`, want: false, opts: match.Options{EmptyIsNull: true}},
		{name: "null does not match a value", detection: `
sel:
    PasswordLastSet: null
condition: sel`, event: `{"PasswordLastSet": "x"}`, want: false},
		{name: "not null through a negated selection", detection: `
sel:
    EventID: 4738
filter:
    PasswordLastSet: null
condition: sel and not filter`, event: `{"EventID": 4738, "PasswordLastSet": "%%1794"}`, want: true},
		{name: "exists true on present field", detection: `
sel:
    Field|exists: true
condition: sel`, event: `{"Field": "x"}`, want: true},
		{name: "exists true on empty field", detection: `
sel:
    Field|exists: true
condition: sel`, event: `{"Field": ""}`, want: true},
		{name: "exists true on null field", detection: `
sel:
    Field|exists: true
condition: sel`, event: `{"Field": null}`, want: true},
		{name: "exists true on absent field", detection: `
sel:
    Field|exists: true
condition: sel`, event: `{"Other": 1}`, want: false},
		{name: "exists false on absent field", detection: `
sel:
    Field|exists: false
condition: sel`, event: `{"Other": 1}`, want: true},
	})
}

// TestComparisons pins neq, gt, gte, lt, lte and the timestamp parts. Source: Sigma
// modifiers appendix ("Numeric Modifiers", "neq: The field is different from the
// specified values", "Time Modifiers"); pySigma turns neq into a negated item.
func TestComparisons(t *testing.T) {
	runMatchCases(t, []matchCase{
		{name: "neq different number", detection: `
sel:
    Level|neq: 3
condition: sel`, event: `{"Level": 4}`, want: true},
		{name: "neq same number", detection: `
sel:
    Level|neq: 3
condition: sel`, event: `{"Level": "3"}`, want: false},
		{name: "neq string ignores case", detection: `
sel:
    User|neq: 'SYSTEM'
condition: sel`, event: `{"User": "system"}`, want: false},
		{name: "neq on absent field holds", detection: `
sel:
    User|neq: 'SYSTEM'
condition: sel`, event: `{}`, want: true},
		{name: "neq with a list is none of them", detection: `
sel:
    User|neq:
        - 'a'
        - 'b'
condition: sel`, event: `{"User": "b"}`, want: false},
		{name: "gt number", detection: `
sel:
    Size|gt: 100
condition: sel`, event: `{"Size": 101}`, want: true},
		{name: "gt equal is false", detection: `
sel:
    Size|gt: 100
condition: sel`, event: `{"Size": 100}`, want: false},
		{name: "gte equal is true", detection: `
sel:
    Size|gte: 100
condition: sel`, event: `{"Size": 100}`, want: true},
		{name: "lt numeric string", detection: `
sel:
    Size|lt: 100
condition: sel`, event: `{"Size": "99.5"}`, want: true},
		{name: "lte float rule value", detection: `
sel:
    Ratio|lte: 0.5
condition: sel`, event: `{"Ratio": 0.5}`, want: true},
		{name: "compare compares numbers not text", detection: `
sel:
    Size|gt: 9
condition: sel`, event: `{"Size": "10"}`, want: true},
		{name: "compare ignores non-numbers", detection: `
sel:
    Size|gt: 1
condition: sel`, event: `{"Size": "0x10"}`, want: false},
		{name: "compare on absent field", detection: `
sel:
    Size|lt: 1
condition: sel`, event: `{}`, want: false},
		{name: "hour of timestamp", detection: `
sel:
    UtcTime|hour: 5
condition: sel`, event: `{"UtcTime": "2025-11-26 05:11:27.908"}`, want: true},
		{name: "minute of RFC 3339 timestamp", detection: `
sel:
    TimeCreated|minute: 11
condition: sel`, event: `{"TimeCreated": "2025-11-26T05:11:27.927693Z"}`, want: true},
		{name: "day, month and year", detection: `
sel:
    T|day: 26
    T|month: 11
    T|year: 2025
condition: sel`, event: `{"T": "2025-11-26T05:11:27Z"}`, want: true},
		{name: "ISO week", detection: `
sel:
    T|week: 1
condition: sel`, event: `{"T": "2024-12-30T00:00:00Z"}`, want: true},
		{name: "timestamp part of non-timestamp", detection: `
sel:
    T|hour: 5
condition: sel`, event: `{"T": "yesterday"}`, want: false},
	})
}

// TestRegexCIDRFieldRef pins re, cidr and fieldref. Source: Sigma modifiers appendix
// ("re": "Regex is matched case-sensitive by default", sub-modifiers i, m, s; "cidr":
// "Supports both IPv4 and IPv6 notations"; "fieldref": compare fields of the same
// event). The search is unanchored, as pySigma's re.search.
func TestRegexCIDRFieldRef(t *testing.T) {
	runMatchCases(t, []matchCase{
		{name: "re is unanchored", detection: `
sel:
    CommandLine|re: 'cmd\.exe /c'
condition: sel`, event: `{"CommandLine": "C:\\cmd.exe /c whoami"}`, want: true},
		{name: "re is case-sensitive", detection: `
sel:
    CommandLine|re: 'CMD'
condition: sel`, event: `{"CommandLine": "cmd"}`, want: false},
		{name: "re i ignores case", detection: `
sel:
    CommandLine|re|i: 'CMD'
condition: sel`, event: `{"CommandLine": "cmd"}`, want: true},
		{name: "re anchors", detection: `
sel:
    CommandLine|re: '^a.c$'
condition: sel`, event: `{"CommandLine": "xabc"}`, want: false},
		{name: "re without m anchors the text", detection: `
sel:
    Text|re: '^second'
condition: sel`, event: `{"Text": "first\nsecond"}`, want: false},
		{name: "re m anchors lines", detection: `
sel:
    Text|re|m: '^second'
condition: sel`, event: `{"Text": "first\nsecond"}`, want: true},
		{name: "re dot stops at newline", detection: `
sel:
    Text|re: 'first.second'
condition: sel`, event: `{"Text": "first\nsecond"}`, want: false},
		{name: "re s dot matches newline", detection: `
sel:
    Text|re|s: 'first.second'
condition: sel`, event: `{"Text": "first\nsecond"}`, want: true},
		{name: "re on number text", detection: `
sel:
    EventID|re: '^46\d\d$'
condition: sel`, event: `{"EventID": 4688}`, want: true},
		{name: "cidr v4 inside", detection: `
sel:
    DestinationIp|cidr: '10.0.0.0/8'
condition: sel`, event: `{"DestinationIp": "10.20.30.40"}`, want: true},
		{name: "cidr v4 outside", detection: `
sel:
    DestinationIp|cidr: '10.0.0.0/8'
condition: sel`, event: `{"DestinationIp": "11.0.0.1"}`, want: false},
		{name: "cidr v6 inside", detection: `
sel:
    DestinationIp|cidr: 'fe80::/10'
condition: sel`, event: `{"DestinationIp": "fe80::1"}`, want: true},
		{name: "cidr v4-mapped v6 is not v4", detection: `
sel:
    DestinationIp|cidr: '10.0.0.0/8'
condition: sel`, event: `{"DestinationIp": "::ffff:10.0.0.1"}`, want: false},
		{name: "cidr not an address", detection: `
sel:
    DestinationIp|cidr: '10.0.0.0/8'
condition: sel`, event: `{"DestinationIp": "10.0.0.1.example"}`, want: false},
		{name: "cidr list is OR", detection: `
sel:
    DestinationIp|cidr:
        - '192.168.0.0/16'
        - '127.0.0.0/8'
condition: sel`, event: `{"DestinationIp": "127.0.0.1"}`, want: true},
		{name: "fieldref equal ignoring case", detection: `
sel:
    TargetUser|fieldref: SubjectUser
condition: sel`, event: `{"TargetUser": "Bob", "SubjectUser": "bob"}`, want: true},
		{name: "fieldref different", detection: `
sel:
    TargetUser|fieldref: SubjectUser
condition: sel`, event: `{"TargetUser": "Bob", "SubjectUser": "alice"}`, want: false},
		{name: "fieldref other field absent", detection: `
sel:
    TargetUser|fieldref: SubjectUser
condition: sel`, event: `{"TargetUser": "Bob"}`, want: false},
		{name: "fieldref startswith", detection: `
sel:
    CommandLine|fieldref|startswith: Image
condition: sel`, event: `{"CommandLine": "C:\\a.exe -x", "Image": "c:\\A.exe"}`, want: true},
		{name: "fieldref contains", detection: `
sel:
    CommandLine|fieldref|contains: User
condition: sel`, event: `{"CommandLine": "runas /user:bob x", "User": "BOB"}`, want: true},
		{name: "fieldref neq", detection: `
sel:
    TargetUser|fieldref|neq: SubjectUser
condition: sel`, event: `{"TargetUser": "Bob", "SubjectUser": "alice"}`, want: true},
	})
}

// TestExpand pins placeholders. Source: Sigma rules specification ("Placeholders":
// they are handled only under expand, and "if the tool isn't able to handle
// placeholders, it must reject the rule").
func TestExpand(t *testing.T) {
	opts := match.Options{Placeholders: map[string][]string{
		"Admins":  {"admin", "root"},
		"Servers": {"srv-*"},
	}}
	runMatchCases(t, []matchCase{
		{name: "placeholder value list", detection: `
sel:
    User|expand: '%Admins%'
condition: sel`, event: `{"User": "ROOT"}`, want: true, opts: opts},
		{name: "placeholder not in list", detection: `
sel:
    User|expand: '%Admins%'
condition: sel`, event: `{"User": "bob"}`, want: false, opts: opts},
		{name: "placeholder value with wildcard", detection: `
sel:
    Host|expand: '%Servers%'
condition: sel`, event: `{"Host": "srv-db1"}`, want: true, opts: opts},
		{name: "placeholder inside text", detection: `
sel:
    Path|expand|contains: '\%Admins%\'
condition: sel`, event: `{"Path": "C:\\Users\\admin\\x"}`, want: true, opts: opts},
		{name: "percent without expand is literal", detection: `
sel:
    Path: '%Admins%'
condition: sel`, event: `{"Path": "%admins%"}`, want: true},
	})
	t.Run("unresolved placeholder is an error", func(t *testing.T) {
		rule := ruleFromDetection(t, `
sel:
    User|expand: '%Unknown%'
condition: sel`)
		_, err := match.Compile(rule, opts)
		wantCode(t, err, match.CodeUnresolvedPlaceholder)
	})
}
