package ruletest_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/events"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/parser"
	"github.com/sigmakql/sigmakql/passes"
	"github.com/sigmakql/sigmakql/ruletest"
)

// fuzzRules cover the value kinds and modifiers a detection uses, on a dynamic
// EventData (WindowsEvent) and on typed columns (SigninLogs).
var fuzzRules = []string{
	`detection: {sel: {CommandLine|contains|all: ['-enc', 'http'], Image|endswith: '\x.exe'}, condition: sel}`,
	`detection: {sel: {CommandLine|windash|contains: ' -w hidden'}, f: {Image|startswith: 'C:\Program Files\'}, condition: sel and not f}`,
	`detection: {sel: {CommandLine|re: '(?i)a.c\d+'}, condition: sel}`,
	`detection: {sel: {User: null}, e: {Image|exists: true}, condition: sel and e}`,
	`detection: {sel: {ProcessId|gt: 100, Image: '*\cmd.exe'}, condition: sel}`,
	`detection: {sel: {Image|fieldref: ParentImage}, condition: sel}`,
	`detection: {sel: {CommandLine|base64offset|contains: 'http'}, condition: sel}`,
	`detection: {sel: {CommandLine: ['a?c', 'x*y*z', '']}, condition: 1 of sel}`,
	`detection: {kw: ['evil', 'mimikatz'], condition: kw}`,
	`detection: {sel: {CommandLine|cased|contains: 'AbC', User|cased: 'SYSTEM'}, condition: sel}`,
	`detection: {sel: {CommandLine|wide|base64offset|contains: 'cmd'}, condition: sel}`,
	`detection: {sel: {Image|startswith: 'Ä\', CommandLine|contains: 'ß'}, o: {User: 'ǅ*'}, condition: sel or o}`,
	`detection: {sel: {ProcessId: [1, '0x10', 4294967296]}, n: {ProcessId|lte: -1}, condition: sel or n}`,
}

const signinFuzzRule = `title: f
logsource: {product: azure, service: signinlogs}
detection: {sel: {ResultType: [0, 50126], IPAddress|cidr: ['10.0.0.0/8', '2001:db8::/32'], UserPrincipalName|endswith: '@example.test'}, condition: sel}
`

func fuzzPrepared(t testing.TB) []*ruletest.Prepared {
	t.Helper()
	var srcs []string
	for _, d := range fuzzRules {
		srcs = append(srcs, "title: f\nlogsource: {product: windows, category: process_creation}\n"+d+"\n")
	}
	srcs = append(srcs, signinFuzzRule)
	c := azureMonitorChecker(t)
	var out []*ruletest.Prepared
	for _, src := range srcs {
		f, diags := parser.ParseFile("f.yml", []byte(src))
		if diags.HasErrors() {
			t.Fatalf("%s: %v", src, diags)
		}
		p := c.Prepare(f.Docs[0].(*ir.Rule))
		if !p.Converted() || p.MatchErr != nil {
			t.Fatalf("%s: %v %v", src, p.ConvertErr, p.MatchErr)
		}
		out = append(out, p)
	}
	return out
}

// FuzzDifferential feeds arbitrary field values to rules covering every kind of
// value, as a plain event and as a Sysmon record: wherever the event can exist
// in the rule's table, the compiled KQL on the local engine and the interpreter
// must agree.
func FuzzDifferential(f *testing.F) {
	f.Add("powershell -enc aHR0cA== http://x", `C:\x.exe`, `C:\y.exe`, "", int64(412), "10.1.2.3", "a@example.test", int64(0))
	f.Add("a /w hidden", `C:\Program Files\x.exe`, `c:\program files\X.EXE`, "SYSTEM", int64(7), "2001:db8::1", "A@EXAMPLE.TEST", int64(50126))
	f.Add("", "", "", "", int64(101), "10.0.0.256", "", int64(-1))
	f.Add("xmimikatz abc12 aHR0c", `\\?\C:\cmd.exe`, `\cmd.exe`, "ü", int64(100), "::ffff:10.1.1.1", "x@example.test.", int64(50126))
	f.Add("AbC ss SS ẞ", `ä\x`, "", "ǆx", int64(16), "", "", int64(4294967296))
	prepared := fuzzPrepared(f)
	f.Fuzz(func(t *testing.T, cmd, image, parent, user string, pid int64, ip, upn string, result int64) {
		// Events come from JSON, whose decoder makes every string valid UTF-8
		// (and Log Analytics stores Unicode text), so the fuzzed text is too.
		cmd, image, parent, user, ip, upn = validUTF8(cmd), validUTF8(image), validUTF8(parent), validUTF8(user), validUTF8(ip), validUTF8(upn)
		data := map[string]any{"CommandLine": cmd, "Image": image, "ParentImage": parent, "User": user, "ProcessId": json.Number(strconv.FormatInt(pid, 10))}
		plain := map[string]any{"IPAddress": ip, "UserPrincipalName": upn, "ResultType": json.Number(strconv.FormatInt(result, 10))}
		for k, v := range data {
			plain[k] = v
		}
		record := map[string]any{"Event": map[string]any{
			"System":    map[string]any{"Provider": map[string]any{"#attributes": map[string]any{"Name": "Microsoft-Windows-Sysmon"}}, "EventID": json.Number("1"), "Channel": "Microsoft-Windows-Sysmon/Operational"},
			"EventData": data,
		}}
		evs := []*events.Event{events.New(plain), events.New(record)}
		set := ruletest.NewEventSet(evs)
		for _, p := range prepared {
			verdicts, err := p.Check(set)
			if err != nil {
				continue // the engine refused; never a wrong answer
			}
			for i, v := range verdicts {
				if v.Route == passes.Routed && v.KQL != v.Interpreter {
					b, _ := json.Marshal(evs[i].Raw)
					t.Errorf("%s\nevent %s: kql %v, interpreter %v", p.Queries[0], b, v.KQL, v.Interpreter)
				}
			}
		}
	})
}

func validUTF8(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }
