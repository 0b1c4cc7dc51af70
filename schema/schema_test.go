package schema

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDefaultSnapshot(t *testing.T) {
	s := Default()
	if n := len(s.Tables()); n < 700 {
		t.Fatalf("Default() has %d tables, want the documented ~730", n)
	}
	tests := []struct {
		table, column, typ string
	}{
		{"SecurityEvent", "EventID", "int"},
		{"SecurityEvent", "TimeGenerated", "datetime"},
		{"DeviceProcessEvents", "TimeGenerated", "datetime"}, // from Log Analytics
		{"DeviceProcessEvents", "Timestamp", "datetime"},     // from Defender XDR
		{"AzureDiagnostics", "DurationMs", "long"},           // documented as BigInt
		{"AzureDiagnostics", "ActivityId_g", "guid"},         // documented as Guid
		{"AzureDiagnostics", "AdditionalFields", "dynamic"},  // documented with no type
		{"DeviceEvents", "AdditionalFields", "dynamic"},      // Log Analytics type wins
		{"EntraIdSignInEvents", "Timestamp", "datetime"},     // Defender XDR only
	}
	for _, tt := range tests {
		t.Run(tt.table+"."+tt.column, func(t *testing.T) {
			tab, ok := s.Table(tt.table)
			if !ok {
				t.Fatalf("no table %s", tt.table)
			}
			c, ok := tab.Column(tt.column)
			if !ok || c.Type != tt.typ {
				t.Errorf("Column(%s) = %+v, %v; want type %s", tt.column, c, ok, tt.typ)
			}
		})
	}
}

func TestTableFold(t *testing.T) {
	s := Default()
	if tab, ok := s.TableFold("securityevent"); !ok || tab.Name != "SecurityEvent" {
		t.Errorf("TableFold(securityevent) = %v, %v", tab, ok)
	}
	if _, ok := s.Table("securityevent"); ok {
		t.Error("Table is case sensitive, but found securityevent")
	}
}

func TestLoadShapes(t *testing.T) {
	tests := []struct {
		name, in string
		want     []Column
		wantErr  string
	}{
		{"pairs", `{"tables":{"My_CL":[["A","String"],["B","Double"]]}}`,
			[]Column{{"A", "string"}, {"B", "real"}}, ""},
		{"object", `{"tables":{"My_CL":{"B":"long","A":"bool"}}}`,
			[]Column{{"A", "bool"}, {"B", "long"}}, ""},
		{"bad type", `{"tables":{"My_CL":[["A","varchar"]]}}`, nil, "unknown type"},
		{"no tables", `{"x":1}`, nil, `no "tables"`},
		{"bad pair", `{"tables":{"My_CL":[["A"]]}}`, nil, "pair"},
		{"not json", `{`, nil, "schema:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Load(strings.NewReader(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Load error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tab, _ := s.Table("My_CL")
			if diff := cmp.Diff(tt.want, tab.Columns()); diff != "" {
				t.Errorf("columns (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMergeUnionsColumns(t *testing.T) {
	user, err := Load(strings.NewReader(`{"tables":{"SecurityEvent":[["EventID","long"],["MyExtra","string"]],"My_CL":[["X","int"]]}}`))
	if err != nil {
		t.Fatal(err)
	}
	m := Default().Merge(user)
	se, _ := m.Table("SecurityEvent")
	if c, _ := se.Column("EventID"); c.Type != "long" {
		t.Errorf("merged EventID type = %s, want the user's long", c.Type)
	}
	if _, ok := se.Column("MyExtra"); !ok {
		t.Error("merged SecurityEvent lacks MyExtra")
	}
	if _, ok := se.Column("Account"); !ok {
		t.Error("merged SecurityEvent lost Account")
	}
	if _, ok := m.Table("My_CL"); !ok {
		t.Error("merged schema lacks My_CL")
	}
	orig, _ := Default().Table("SecurityEvent")
	if _, ok := orig.Column("MyExtra"); ok {
		t.Error("Merge changed the default snapshot")
	}
}

func TestWriteJSONRoundTrip(t *testing.T) {
	var b bytes.Buffer
	if err := Default().WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	back, err := Load(&b)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Default().Tables(), back.Tables()); diff != "" {
		t.Fatalf("tables differ (-want +got):\n%s", diff)
	}
	for _, n := range Default().Tables() {
		a, _ := Default().Table(n)
		b, _ := back.Table(n)
		if diff := cmp.Diff(a.Columns(), b.Columns()); diff != "" {
			t.Fatalf("table %s differs (-want +got):\n%s", n, diff)
		}
	}
}

func BenchmarkParseSnapshot(b *testing.B) {
	for b.Loop() {
		if _, err := parseSnapshot(snapshotText); err != nil {
			b.Fatal(err)
		}
	}
}
