package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMergeSourcesUnionsTables(t *testing.T) {
	la := &source{Tables: map[string][][]string{
		"DeviceEvents": {{"TimeGenerated", "datetime"}, {"AdditionalFields", "dynamic"}},
		"Syslog":       {{"Computer", "String"}},
	}}
	xdr := &source{Tables: map[string][][]string{
		"DeviceEvents": {{"Timestamp", "datetime"}, {"AdditionalFields", "string"}, {"IsAdmin", "nullable bool"}},
	}}
	tables, conflicts, err := mergeSources([]*source{la, xdr})
	if err != nil {
		t.Fatal(err)
	}
	want := []column{{"TimeGenerated", "datetime"}, {"AdditionalFields", "dynamic"}, {"Timestamp", "datetime"}, {"IsAdmin", "bool"}}
	if diff := cmp.Diff(want, tables["DeviceEvents"], cmp.AllowUnexported(column{})); diff != "" {
		t.Errorf("DeviceEvents (-want +got):\n%s", diff)
	}
	if conflicts != 1 {
		t.Errorf("conflicts = %d, want 1 (AdditionalFields)", conflicts)
	}
	body := string(renderBody(tables))
	wantBody := "DeviceEvents\tTimeGenerated:datetime AdditionalFields:dynamic Timestamp:datetime IsAdmin:bool\nSyslog\tComputer:string\n"
	if body != wantBody {
		t.Errorf("body:\n%s\nwant:\n%s", body, wantBody)
	}
}

func TestMergeSourcesRejectsBadInput(t *testing.T) {
	for name, pairs := range map[string][][]string{
		"unknown type":  {{"A", "varchar"}},
		"space in name": {{"A B", "string"}},
		"missing type":  {{"A"}},
		"colon in name": {{"A:B", "string"}},
		"empty name":    {{"", "string"}},
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := mergeSources([]*source{{path: "x.json", Tables: map[string][][]string{"T": pairs}}})
			if err == nil || !strings.Contains(err.Error(), "x.json") {
				t.Errorf("err = %v, want an error naming the file", err)
			}
		})
	}
}
