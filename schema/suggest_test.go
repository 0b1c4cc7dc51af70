package schema

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestSuggest(t *testing.T) {
	se, _ := Default().Table("SecurityEvent")
	var seCols []string
	for _, c := range se.Columns() {
		seCols = append(seCols, c.Name)
	}
	tests := []struct {
		name, in   string
		candidates []string
		want       []string
	}{
		{"typo and prefix", "AccontName", seCols, []string{"AccountName", "Account"}},
		{"table typo", "SecurityEvnt", Default().Tables(), []string{"SecurityEvent"}},
		{"case only ranks first", "eventid", seCols, []string{"EventID"}},
		{"short names need near matches", "Ab", []string{"Ac", "Abc", "Xyz"}, []string{"Abc", "Ac"}},
		{"nothing close", "Zzzzzzzz", seCols, nil},
		{"exact name is not suggested", "EventID", seCols, nil},
		{"at most five", "Col", []string{"Col1", "Col2", "Col3", "Col4", "Col5", "Col6"}, []string{"Col1", "Col2", "Col3", "Col4", "Col5"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Suggest(tt.in, tt.candidates)
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Suggest(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}
