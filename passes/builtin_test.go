package passes

import (
	"errors"
	"testing"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/schema"
)

// TestBuiltinColumnsExist checks the embedded data against the schema snapshot:
// every table, mapped column, condition column and keyword column of every
// built-in route exists, so no emitted query names a column the table lacks.
func TestBuiltinColumnsExist(t *testing.T) {
	b, err := loadBuiltins()
	if err != nil {
		t.Fatal(err)
	}
	s := &state{opts: &Options{Schema: schema.Default()}}
	for name, p := range b.pipelines {
		for _, r := range p.items[0].(*routeItem).routes {
			for _, tg := range r.targets {
				where := name + " " + describeMatch(r.match) + " -> " + tg.table
				if tg.unsupported != "" {
					continue
				}
				if _, ok := schema.Default().Table(tg.table); !ok {
					t.Errorf("%s: unknown table", where)
					continue
				}
				refs := append([]string(nil), tg.keywords...)
				for _, f := range tg.fieldNames() {
					refs = append(refs, tg.fields[f])
				}
				for _, c := range tg.conds {
					refs = append(refs, c.Field)
				}
				for _, ref := range refs {
					if _, ok, _ := s.lookupColumn(tg.table, ref); !ok {
						t.Errorf("%s: no column %s", where, ref)
					}
				}
			}
		}
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		name        string
		wantErr     bool
		suggestions []string
	}{
		{name: "azure_monitor"},
		{name: "azure_monitr", wantErr: true, suggestions: []string{"azure_monitor"}},
		{name: "splunk", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Lookup(tt.name)
			if !tt.wantErr {
				if err != nil || p.Name != tt.name {
					t.Fatalf("Lookup(%q) = %v, %v", tt.name, p, err)
				}
				return
			}
			var d diag.Diagnostic
			if !errors.As(err, &d) || d.Code != CodeUnknownPipeline {
				t.Fatalf("Lookup(%q) error = %v, want code %s", tt.name, err, CodeUnknownPipeline)
			}
			if len(d.Suggestions) != len(tt.suggestions) || (len(tt.suggestions) > 0 && d.Suggestions[0] != tt.suggestions[0]) {
				t.Errorf("suggestions = %v, want %v", d.Suggestions, tt.suggestions)
			}
		})
	}
}

func TestBuiltinsListsLogsources(t *testing.T) {
	infos := Builtins()
	if len(infos) == 0 || infos[0].Name != "azure_monitor" {
		t.Fatalf("Builtins() = %+v, want azure_monitor first", infos)
	}
	want := map[string][]string{
		"windows/process_creation/": {"WindowsEvent", "SecurityEvent", "DeviceProcessEvents"},
		"windows//security":         {"SecurityEvent", "WindowsEvent"},
		"aws//cloudtrail":           {"AWSCloudTrail"},
		"/webserver/":               {"W3CIISLog"},
	}
	found := map[string]bool{}
	for _, ls := range infos[0].Logsources {
		key := ls.Product + "/" + ls.Category + "/" + ls.Service
		if tables, ok := want[key]; ok {
			found[key] = true
			if len(ls.Tables) != len(tables) || ls.Tables[0] != tables[0] {
				t.Errorf("%s: tables %v, want %v", key, ls.Tables, tables)
			}
		}
		if ls.Unsupported == "" && len(ls.Tables) == 0 {
			t.Errorf("%s: neither tables nor a reason", key)
		}
	}
	for key := range want {
		if !found[key] {
			t.Errorf("logsource %s not listed", key)
		}
	}
	if len(infos[0].Options) != 4 {
		t.Errorf("options = %+v, want process_creation, endpoint, security and placeholders", infos[0].Options)
	}
}
