package lint

import (
	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
)

// duplicateIDs reports every document whose id an earlier document (in file order)
// already has, pointing back at the first one.
func duplicateIDs(files []*ir.File) diag.List {
	var ds diag.List
	first := map[string]diag.Pos{}
	for _, f := range files {
		for _, doc := range f.Docs {
			m := doc.Metadata()
			if m.ID == "" {
				continue
			}
			if at, seen := first[m.ID]; seen {
				ds.Warnf(m.Pos, DuplicateID, "rule id %s is already used at %s", m.ID, at)
				continue
			}
			first[m.ID] = m.Pos
		}
	}
	return ds
}
