package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRenderFoldsHiddenNamesIntoTheirKind(t *testing.T) {
	var b builtins
	b.Source = "test@1"
	b.Scalars = []string{"tostring", "abs", "tostring"}
	b.Hidden.Scalar = []string{"bin_auto"}
	b.Keywords = []string{"toscalar"}
	b.Aggregate = []string{"count"}
	b.Hidden.Aggregate = []string{"makelist"}
	b.Plugins = []string{"bag_unpack"}
	got := string(render(b, "abc"))
	want := "scalar abs\nscalar bin_auto\nscalar toscalar\nscalar tostring\naggregate count\naggregate makelist\nplugin bag_unpack\n"
	header, body, _ := strings.Cut(got, "scalar ")
	if diff := cmp.Diff(want, "scalar "+body); diff != "" {
		t.Errorf("body (-want +got):\n%s", diff)
	}
	if !strings.Contains(header, "# source: test@1\n") || !strings.Contains(header, "sha256 abc") {
		t.Errorf("header does not name the source and its hash:\n%s", header)
	}
}
