package passes_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sigmakql/sigmakql/events"
	"github.com/sigmakql/sigmakql/passes"
)

// sysmonRecord is a Sysmon event in the SigmaHQ regression rendering, written
// for these tests.
const sysmonRecord = `{"Event": {
  "System": {
    "Provider": {"#attributes": {"Name": "Microsoft-Windows-Sysmon"}},
    "EventID": %d, "Version": 5, "Level": 4, "Task": 1,
    "TimeCreated": {"#attributes": {"SystemTime": "2025-01-02T03:04:05.000Z"}},
    "EventRecordID": 77,
    "Execution": {"#attributes": {"ProcessID": 3000, "ThreadID": 4000}},
    "Channel": "Microsoft-Windows-Sysmon/Operational",
    "Computer": "host1",
    "Security": {"#attributes": {"UserID": "S-1-5-18"}}
  },
  "EventData": {"Image": "C:\\Windows\\System32\\cmd.exe", "ProcessId": 42, "Version": "data-version"}
}}`

const securityRecord = `{"Event": {
  "System": {
    "Provider": {"#attributes": {"Name": "Microsoft-Windows-Security-Auditing"}},
    "EventID": 4688, "Channel": "Security", "Computer": "dc1",
    "TimeCreated": {"#attributes": {"SystemTime": "2025-01-02T03:04:05Z"}}
  },
  "EventData": {"NewProcessName": "C:\\Windows\\System32\\whoami.exe", "CommandLine": "whoami /all", "SubjectUserName": "alice"}
}}`

func readEvent(t *testing.T, src string) *events.Event {
	t.Helper()
	evs, diags := events.Read("ev.json", []byte(src), events.DefaultLimits)
	if diags.HasErrors() || len(evs) != 1 {
		t.Fatalf("event does not read: %v", diags)
	}
	return evs[0]
}

func TestRows(t *testing.T) {
	tests := []struct {
		name     string
		rule     string
		settings map[string]string
		event    string
		table    string
		want     map[string]any // a subset of the row's columns
		absent   []string
		route    passes.Route
	}{
		{
			name:  "sysmon record becomes a WindowsEvent row",
			rule:  "logsource: {product: windows, category: process_creation}\ndetection: {sel: {Image|endswith: 'cmd.exe'}, condition: sel}",
			event: fmt.Sprintf(sysmonRecord, 1),
			table: "WindowsEvent",
			want: map[string]any{
				"Provider":        "Microsoft-Windows-Sysmon",
				"Channel":         "Microsoft-Windows-Sysmon/Operational",
				"Computer":        "host1",
				"EventID":         json.Number("1"),
				"EventLevel":      json.Number("4"),
				"Version":         json.Number("5"),
				"TimeGenerated":   "2025-01-02T03:04:05.000Z",
				"EventRecordId":   json.Number("77"),
				"SystemProcessId": json.Number("3000"),
				"SystemUserId":    "S-1-5-18",
				"EventData":       map[string]any{"Image": `C:\Windows\System32\cmd.exe`, "ProcessId": json.Number("42"), "Version": "data-version"},
			},
			route: passes.Routed,
		},
		{
			name:  "a sysmon record of another event id is not routed to process_creation",
			rule:  "logsource: {product: windows, category: process_creation}\ndetection: {sel: {Image|endswith: 'cmd.exe'}, condition: sel}",
			event: fmt.Sprintf(sysmonRecord, 11),
			table: "WindowsEvent",
			want:  map[string]any{"EventID": json.Number("11")},
			route: passes.OtherLogsource,
		},
		{
			name:  "a plain event receives the route's conditions and its fields go to EventData",
			rule:  "logsource: {product: windows, category: process_creation}\ndetection: {sel: {Image|endswith: 'cmd.exe'}, condition: sel}",
			event: `{"Image": "C:\\x\\cmd.exe", "Computer": "h2"}`,
			table: "WindowsEvent",
			want:  map[string]any{"Provider": "Microsoft-Windows-Sysmon", "EventID": json.Number("1"), "Computer": "h2", "EventData": map[string]any{"Image": `C:\x\cmd.exe`}},
			route: passes.Routed,
		},
		{
			name:  "a plain registry event receives the EventType condition inside EventData",
			rule:  "logsource: {product: windows, category: registry_set}\ndetection: {sel: {TargetObject|contains: 'Run'}, condition: sel}",
			event: `{"TargetObject": "HKLM\\Run\\x"}`,
			table: "WindowsEvent",
			want:  map[string]any{"EventID": json.Number("13"), "EventData": map[string]any{"TargetObject": `HKLM\Run\x`, "EventType": "SetValue"}},
			route: passes.Routed,
		},
		{
			name:  "a security record becomes a SecurityEvent row with its data fields as columns",
			rule:  "logsource: {product: windows, service: security}\ndetection: {sel: {EventID: 4688, SubjectUserName: alice}, condition: sel}",
			event: securityRecord,
			table: "SecurityEvent",
			want:  map[string]any{"EventID": json.Number("4688"), "Computer": "dc1", "NewProcessName": `C:\Windows\System32\whoami.exe`, "SubjectUserName": "alice", "EventSourceName": "Microsoft-Windows-Security-Auditing", "TimeGenerated": "2025-01-02T03:04:05Z"},
			route: passes.Routed,
		},
		{
			name:  "a sysmon record is not routed to a cloud table",
			rule:  "logsource: {product: azure, service: signinlogs}\ndetection: {sel: {ResultType: 0}, condition: sel}",
			event: fmt.Sprintf(sysmonRecord, 1),
			table: "SigninLogs",
			want:  map[string]any{},
			route: passes.OtherTable,
		},
		{
			name:  "a sysmon record is not routed to SecurityEvent",
			rule:  "logsource: {product: windows, service: security}\ndetection: {sel: {EventID: 1}, condition: sel}",
			event: fmt.Sprintf(sysmonRecord, 1),
			table: "SecurityEvent",
			want:  map[string]any{"EventID": json.Number("1")},
			route: passes.OtherTable,
		},
		{
			name:     "process_creation=security reads a plain event's Image into NewProcessName",
			rule:     "logsource: {product: windows, category: process_creation}\ndetection: {sel: {Image|endswith: 'cmd.exe'}, condition: sel}",
			settings: map[string]string{"process_creation": "security"},
			event:    `{"Image": "C:\\x\\cmd.exe", "CommandLine": "cmd /c"}`,
			table:    "SecurityEvent",
			want:     map[string]any{"NewProcessName": `C:\x\cmd.exe`, "CommandLine": "cmd /c", "EventID": json.Number("4688")},
			absent:   []string{"Image"},
			route:    passes.Routed,
		},
		{
			name:  "a plain cloud event is mapped by the inverse field mapping, nested members included",
			rule:  "logsource: {product: azure, service: signinlogs}\ndetection: {sel: {resultType: 0, DeviceDetail.trusttype: x}, condition: sel}",
			event: `{"resultType": 50126, "DeviceDetail": {"trusttype": "Hybrid"}, "AppDisplayName": "Portal"}`,
			table: "SigninLogs",
			want:  map[string]any{"ResultType": json.Number("50126"), "AppDisplayName": "Portal", "DeviceDetail": map[string]any{"trusttype": "Hybrid", "trustType": "Hybrid"}},
			route: passes.Routed,
		},
	}
	p := azureMonitor(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rule := parseRule(t, "title: t\n"+tt.rule+"\n")
			m, err := p.Rows(rule, passes.Options{Settings: tt.settings})
			if err != nil {
				t.Fatal(err)
			}
			if m.Table() != tt.table {
				t.Errorf("table = %s, want %s", m.Table(), tt.table)
			}
			ev := readEvent(t, tt.event)
			before, _ := json.Marshal(ev.Raw)
			row, route := m.Row(ev)
			got := map[string]any{}
			for k := range tt.want {
				got[k] = row[k]
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("row (-want +got):\n%s", diff)
			}
			for _, k := range tt.absent {
				if _, ok := row[k]; ok {
					t.Errorf("row has column %s, which table %s lacks", k, tt.table)
				}
			}
			if route != tt.route {
				t.Errorf("route = %v, want %v", route, tt.route)
			}
			if after, _ := json.Marshal(ev.Raw); string(after) != string(before) {
				t.Errorf("Row modified the event:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

func TestRowsImplied(t *testing.T) {
	tests := []struct {
		name, logsource string
		want            map[string]any
	}{
		{"sysmon process creation", "{product: windows, category: process_creation}", map[string]any{"Provider_Name": "Microsoft-Windows-Sysmon", "EventID": json.Number("1")}},
		{"sysmon registry value set", "{product: windows, category: registry_set}", map[string]any{"Provider_Name": "Microsoft-Windows-Sysmon", "EventID": json.Number("13"), "EventType": "SetValue"}},
		{"a channel", "{product: windows, service: system}", map[string]any{"Channel": "System"}},
		{"a cloud table adds nothing", "{product: azure, service: signinlogs}", map[string]any{}},
		{"a same-name condition column", "{product: linux, service: sshd}", map[string]any{"ProcessName": "sshd"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rule := parseRule(t, "title: t\nlogsource: "+tt.logsource+"\ndetection: {sel: [x], condition: sel}\n")
			m, err := azureMonitor(t).Rows(rule, passes.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, m.Implied()); diff != "" {
				t.Errorf("Implied (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRowsLost(t *testing.T) {
	p := azureMonitor(t)
	m, err := p.Rows(parseRule(t, "title: t\nlogsource: {product: azure, service: auditlogs}\ndetection: {sel: {operationName: x}, condition: sel}\n"), passes.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ev := readEvent(t, `{"operationName": "a", "properties": {"message": "b"}, "Nonsense": 1, "Category": "c"}`)
	want := []string{"Nonsense", "properties.message (shares OperationName with operationName)"}
	if diff := cmp.Diff(want, m.Lost(ev)); diff != "" {
		t.Errorf("Lost (-want +got):\n%s", diff)
	}
}

func TestRowsUnsupportedRule(t *testing.T) {
	rule := parseRule(t, "title: t\nlogsource: {product: windows, category: file_access}\ndetection: {sel: {a: b}, condition: sel}\n")
	if _, err := azureMonitor(t).Rows(rule, passes.Options{}); err == nil {
		t.Fatal("Rows accepted a rule whose logsource the pipeline does not support")
	}
}

func TestRowsKeySharedAcrossRulesOfOneTarget(t *testing.T) {
	p := azureMonitor(t)
	a, err := p.Rows(parseRule(t, "title: a\nlogsource: {product: windows, category: process_creation}\ndetection: {s: {Image: x}, condition: s}\n"), passes.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := p.Rows(parseRule(t, "title: b\nlogsource: {product: windows, category: process_creation}\ndetection: {s: {CommandLine: y}, condition: s}\n"), passes.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := p.Rows(parseRule(t, "title: c\nlogsource: {product: windows, category: file_event}\ndetection: {s: {TargetFilename: y}, condition: s}\n"), passes.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Key() != b.Key() {
		t.Errorf("rules of one logsource have keys %q and %q", a.Key(), b.Key())
	}
	if a.Key() == c.Key() {
		t.Errorf("rules of different logsources share key %q", a.Key())
	}
}

// FuzzRow checks that no event, plain or in the Windows rendering, makes row
// building panic or modify the event, whatever table the rule reads.
func FuzzRow(f *testing.F) {
	f.Add(fmt.Sprintf(sysmonRecord, 1), 0)
	f.Add(securityRecord, 1)
	f.Add(`{"Image": "x", "EventData": {"a": 1}, "EventID": "1"}`, 0)
	f.Add(`{"DeviceDetail": "not a map", "resultType": [1, 2]}`, 2)
	f.Add(`{"Event": {"System": {"EventID": {"#text": 4688}}, "UserData": {"X": {"a": null}}}}`, 1)
	rules := []string{
		"title: a\nlogsource: {product: windows, category: registry_set}\ndetection: {s: {TargetObject: x}, condition: s}\n",
		"title: b\nlogsource: {product: windows, service: security}\ndetection: {s: {EventID: 4688}, condition: s}\n",
		"title: c\nlogsource: {product: azure, service: signinlogs}\ndetection: {s: {DeviceDetail.trusttype: x}, condition: s}\n",
	}
	p, err := passes.Lookup(passes.AzureMonitor)
	if err != nil {
		f.Fatal(err)
	}
	var mappers []*passes.RowMapper
	for _, src := range rules {
		m, err := p.Rows(parseRule(f, src), passes.Options{})
		if err != nil {
			f.Fatal(err)
		}
		mappers = append(mappers, m)
	}
	f.Fuzz(func(t *testing.T, src string, which int) {
		evs, diags := events.Read("f.json", []byte(src), events.DefaultLimits)
		if diags.HasErrors() {
			return
		}
		m := mappers[uint(which)%uint(len(mappers))]
		for _, ev := range evs {
			before, _ := json.Marshal(ev.Raw)
			m.Row(ev)
			if after, _ := json.Marshal(ev.Raw); string(after) != string(before) {
				t.Fatalf("Row modified the event %s", before)
			}
		}
	})
}

func BenchmarkRow(b *testing.B) {
	p, err := passes.Lookup(passes.AzureMonitor)
	if err != nil {
		b.Fatal(err)
	}
	m, err := p.Rows(parseRule(b, "title: a\nlogsource: {product: windows, category: process_creation}\ndetection: {s: {Image: x}, condition: s}\n"), passes.Options{})
	if err != nil {
		b.Fatal(err)
	}
	evs, _ := events.Read("b.json", []byte(fmt.Sprintf(sysmonRecord, 1)+`{"Image": "x", "CommandLine": "y"}`), events.DefaultLimits)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, ev := range evs {
			m.Row(ev)
		}
	}
}

func TestRowsLostByTypeAndSameNameColumn(t *testing.T) {
	tests := []struct {
		name, logsource, event string
		want                   []string
	}{
		{"a level name is stored as its number", "{product: windows, service: application}", `{"Level": "Error"}`, nil},
		{"an unknown level name in the numeric EventLevel column", "{product: windows, service: application}", `{"Level": "Severe"}`, []string{"Level (not a int for EventLevel)"}},
		{"a numeric level fits", "{product: windows, service: application}", `{"Level": 2}`, nil},
		{"a mapped field overriding a same-name column", "{product: azure, service: auditlogs}", `{"OperationName": "Update user", "properties.message": "x"}`, []string{"properties.message (shares OperationName with OperationName)"}},
		{"equal values on one column are one value", "{product: azure, service: auditlogs}", `{"OperationName": "Update user", "operationName": "Update user"}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := azureMonitor(t).Rows(parseRule(t, "title: t\nlogsource: "+tt.logsource+"\ndetection: {sel: [x], condition: sel}\n"), passes.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, m.Lost(readEvent(t, tt.event))); diff != "" {
				t.Errorf("Lost (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRowsComplete(t *testing.T) {
	tests := []struct {
		name, logsource, event string
		want                   map[string]any
	}{
		{"implied logsource fields, the event's own winning", "{product: windows, category: process_creation}", `{"Image": "x", "EventID": 4688}`,
			map[string]any{"Image": "x", "EventID": json.Number("4688"), "Provider_Name": "Microsoft-Windows-Sysmon"}},
		{"a value-mapped column implies its field", "{product: azure, service: signinlogs}", `{"ResultType": 0}`,
			map[string]any{"ResultType": json.Number("0"), "Status": "Success"}},
		{"another value implies nothing", "{product: azure, service: signinlogs}", `{"ResultType": 50126}`,
			map[string]any{"ResultType": json.Number("50126")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := azureMonitor(t).Rows(parseRule(t, "title: t\nlogsource: "+tt.logsource+"\ndetection: {sel: [x], condition: sel}\n"), passes.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, m.Complete(readEvent(t, tt.event)).Raw); diff != "" {
				t.Errorf("Complete (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRowsKeywordValues checks where a keyword is searched: the pipeline's
// keyword column, or each value of WindowsEvent's EventData (list elements one by
// one, never the keys or System metadata).
func TestRowsKeywordValues(t *testing.T) {
	tests := []struct {
		name      string
		logsource string
		event     string
		want      []any
		scoped    bool
	}{
		{"syslog message", "{product: linux, service: sshd}", `{"SyslogMessage": "m", "Computer": "h"}`, []any{"m"}, true},
		{"auditd record", "{product: linux, service: auditd}", `{"RawRecord": "r", "type": "EXECVE"}`, []any{"r"}, true},
		{"windows data values", "{product: windows, service: system}",
			`{"Event": {"System": {"Provider": {"#attributes": {"Name": "P"}}, "EventID": 7045, "Channel": "System", "Computer": "h"},
			"EventData": {"Data": ["a", "b", ["n"]], "Image": "c", "Nested": {"k": "v"}}}}`, []any{"a", "b", "c"}, true},
		{"plain windows event", "{product: windows, service: system}", `{"Image": "c", "EventID": 7045}`, []any{"c"}, true},
		{"no keyword columns", "{product: azure, service: signinlogs}", `{"ResultType": "0"}`, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := azureMonitor(t).Rows(parseRule(t, "title: t\nlogsource: "+tt.logsource+"\ndetection: {sel: [x], condition: sel}\n"), passes.Options{})
			if err != nil {
				t.Fatal(err)
			}
			got, scoped := m.KeywordValues(readEvent(t, tt.event))
			if scoped != tt.scoped {
				t.Errorf("scoped = %v, want %v", scoped, tt.scoped)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("KeywordValues (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRowsLevelNames checks that a Windows level name and its number are one
// value on both sides: the row stores the number, and the interpreter's view of
// the event holds both spellings.
func TestRowsLevelNames(t *testing.T) {
	tests := []struct {
		name, event string
		wantRow     any
		wantLevel   any
	}{
		{"name", `{"Level": "error"}`, json.Number("2"), "error"},
		{"number", `{"Level": 2}`, json.Number("2"), []any{json.Number("2"), "Error"}},
		{"number as text", `{"Level": "4"}`, "4", []any{"4", "Information"}},
	}
	m, err := azureMonitor(t).Rows(parseRule(t, "title: t\nlogsource: {product: windows, service: application}\ndetection: {sel: {Level: Error}, condition: sel}\n"), passes.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := readEvent(t, tt.event)
			row, _ := m.Row(ev)
			if diff := cmp.Diff(tt.wantRow, row["EventLevel"]); diff != "" {
				t.Errorf("EventLevel (-want +got):\n%s", diff)
			}
			level, _ := m.Complete(ev).Lookup("Level")
			if diff := cmp.Diff(tt.wantLevel, level); diff != "" {
				t.Errorf("Complete's Level (-want +got):\n%s", diff)
			}
		})
	}
}
