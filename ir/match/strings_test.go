package match_test

import "testing"

// TestStrings pins plain values, wildcards, escapes and case rules. Sources: Sigma
// rules specification ("Wildcards", "Escaping") and the modifiers appendix ("cased":
// "Default Sigma behavior is case-insensitive matching").
func TestStrings(t *testing.T) {
	runMatchCases(t, []matchCase{
		// A plain value matches the whole field value, ignoring case.
		{name: "equal ignoring case", detection: `
sel:
    Image: 'C:\Windows\cmd.exe'
condition: sel`, event: `{"Image": "c:\\WINDOWS\\CMD.EXE"}`, want: true},
		{name: "plain value is not a substring", detection: `
sel:
    Image: 'C:\Windows\cmd.exe'
condition: sel`, event: `{"Image": "C:\\Windows\\cmd.exe.bak"}`, want: false},
		// "* to replace an unbounded length wildcard".
		{name: "star wildcard", detection: `
sel:
    Image: '*\cmd.exe'
condition: sel`, event: `{"Image": "D:\\x\\Cmd.exe"}`, want: true},
		{name: "inner star wildcard", detection: `
sel:
    CommandLine: 'net * user'
condition: sel`, event: `{"CommandLine": "net localgroup admins user"}`, want: true},
		{name: "star matches empty", detection: `
sel:
    CommandLine: 'net*user'
condition: sel`, event: `{"CommandLine": "netuser"}`, want: true},
		// "? to replace a single mandatory character".
		{name: "question mark is one character", detection: `
sel:
    Image: 'prog?.exe'
condition: sel`, event: `{"Image": "progA.exe"}`, want: true},
		{name: "question mark is not two", detection: `
sel:
    Image: 'prog?.exe'
condition: sel`, event: `{"Image": "progAB.exe"}`, want: false},
		{name: "question mark is not zero", detection: `
sel:
    Image: 'prog?.exe'
condition: sel`, event: `{"Image": "prog.exe"}`, want: false},
		{name: "question mark is one non-ASCII character", detection: `
sel:
    Name: 'caf?'
condition: sel`, event: `{"Name": "café"}`, want: true},
		// "A wildcard has to be escaped to be handled as a plain character".
		{name: "escaped star is literal", detection: `
sel:
    Value: 'a\*b'
condition: sel`, event: `{"Value": "a*b"}`, want: true},
		{name: "escaped star is not a wildcard", detection: `
sel:
    Value: 'a\*b'
condition: sel`, event: `{"Value": "axb"}`, want: false},
		// "The backslash before a wildcard has to be escaped to handle the value as a
		// backslash followed by a wildcard: \\*".
		{name: "escaped backslash then wildcard", detection: `
sel:
    Value: 'dir\\*'
condition: sel`, event: `{"Value": "dir\\anything"}`, want: true},
		{name: "cased rejects other case", detection: `
sel:
    Value|cased: 'CMD'
condition: sel`, event: `{"Value": "cmd"}`, want: false},
		{name: "cased accepts same case", detection: `
sel:
    Value|cased|contains: 'CMD'
condition: sel`, event: `{"Value": "x CMD y"}`, want: true},
		// Case-insensitivity compares each character's simple upper case, as
		// Kusto's case-insensitive operators do (.NET ToUpperInvariant).
		{name: "non-ASCII letters fold", detection: `
sel:
    Value: 'ÄRGER'
condition: sel`, event: `{"Value": "ärger"}`, want: true},
		{name: "Kelvin sign is not k", detection: `
sel:
    Value: 'kelvin'
condition: sel`, event: `{"Value": "\u212aelvin"}`, want: false},
		{name: "long s upper-cases to S", detection: `
sel:
    Value|contains: 'SS'
condition: sel`, event: `{"Value": "me\u017fs"}`, want: true},
		{name: "sharp s is not capital sharp s", detection: `
sel:
    Value|contains: 'ß'
condition: sel`, event: `{"Value": "STRA\u1e9eE"}`, want: false},
		{name: "sharp s is not ss", detection: `
sel:
    Value: 'strasse'
condition: sel`, event: `{"Value": "straße"}`, want: false},
		{name: "empty string matches empty", detection: `
sel:
    Value: ''
condition: sel`, event: `{"Value": ""}`, want: true},
		{name: "empty string does not match absent", detection: `
sel:
    Value: ''
condition: sel`, event: `{"Other": "x"}`, want: false},
		{name: "string does not match absent field", detection: `
sel:
    Value|contains: 'x'
condition: sel`, event: `{"Other": "x"}`, want: false},
	})
}

// TestListsAndPaths pins how field values are found: lists of rule values are OR
// (AND with all), event lists match when any element does, dotted names walk nested
// objects. Source: Sigma rules specification ("Lists", "Maps") and the modifiers
// appendix ("all").
func TestListsAndPaths(t *testing.T) {
	runMatchCases(t, []matchCase{
		{name: "value list is OR", detection: `
sel:
    EventID:
        - 1
        - 4688
condition: sel`, event: `{"EventID": 4688}`, want: true},
		{name: "map is AND", detection: `
sel:
    EventID: 4688
    User: 'bob'
condition: sel`, event: `{"EventID": 4688, "User": "alice"}`, want: false},
		{name: "list of maps is OR", detection: `
sel:
    - Image|endswith: '\a.exe'
    - Description|contains: 'test'
condition: sel`, event: `{"Image": "b.exe", "Description": "a TEST binary"}`, want: true},
		{name: "all needs every value", detection: `
sel:
    CommandLine|contains|all:
        - 'Set-'
        - 'Disable'
condition: sel`, event: `{"CommandLine": "Set-MpPreference -DisableRealtimeMonitoring"}`, want: true},
		{name: "all fails on one missing value", detection: `
sel:
    CommandLine|contains|all:
        - 'Set-'
        - 'Enable'
condition: sel`, event: `{"CommandLine": "Set-MpPreference -Disable"}`, want: false},
		{name: "event list matches any element", detection: `
sel:
    Tags: 'b'
condition: sel`, event: `{"Tags": ["a", "B"]}`, want: true},
		{name: "event list without the value", detection: `
sel:
    Tags: 'c'
condition: sel`, event: `{"Tags": ["a", "b"]}`, want: false},
		{name: "dotted path into objects", detection: `
sel:
    process.parent.name: 'cmd.exe'
condition: sel`, event: `{"process": {"parent": {"name": "CMD.EXE"}}}`, want: true},
		{name: "dotted path through a list", detection: `
sel:
    dns.answers.data: '10.0.0.1'
condition: sel`, event: `{"dns": {"answers": [{"data": "10.0.0.2"}, {"data": "10.0.0.1"}]}}`, want: true},
		{name: "flat key with a dot wins", detection: `
sel:
    a.b: 'flat'
condition: sel`, event: `{"a.b": "flat", "a": {"b": "nested"}}`, want: true},
		{name: "object value has no text", detection: `
sel:
    a|contains: 'b'
condition: sel`, event: `{"a": {"b": "c"}}`, want: false},
	})
}
