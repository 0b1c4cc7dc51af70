package parser

import (
	"strings"

	"github.com/sigmakql/sigmakql/ir"
	"gopkg.in/yaml.v3"
)

// exclusiveModifiers lists sets of modifiers of which at most one may appear in a
// chain: they state contradictory things about the same value.
var exclusiveModifiers = [][]ir.ModifierKind{
	{ir.ModContains, ir.ModStartsWith, ir.ModEndsWith},
	{ir.ModBase64, ir.ModBase64Offset},
	{ir.ModWide, ir.ModUTF16BE, ir.ModUTF16},
	{
		ir.ModRe, ir.ModCIDR, ir.ModExists, ir.ModFieldRef, ir.ModGT, ir.ModGTE, ir.ModLT, ir.ModLTE,
		ir.ModMinute, ir.ModHour, ir.ModDay, ir.ModWeek, ir.ModMonth, ir.ModYear,
	},
}

var (
	timestampParts = []ir.ModifierKind{ir.ModMinute, ir.ModHour, ir.ModDay, ir.ModWeek, ir.ModMonth, ir.ModYear}
	numericCompare = []ir.ModifierKind{ir.ModGT, ir.ModGTE, ir.ModLT, ir.ModLTE}
	listModifiers  = []ir.ModifierKind{ir.ModAll, ir.ModNeq}
)

// companions lists, for each modifier that fixes the type of the value, the only
// modifiers it may be combined with. It follows pySigma's modifier types: a regex
// takes its flags, contains/startswith/endswith and expand; a field reference takes
// contains/startswith/endswith; numbers (compared or timestamp parts), networks and
// exists take only the list modifiers all and neq.
var companions = map[ir.ModifierKind][]ir.ModifierKind{
	ir.ModRe: append([]ir.ModifierKind{
		ir.ModReIgnoreCase, ir.ModReMultiline, ir.ModReDotAll,
		ir.ModContains, ir.ModStartsWith, ir.ModEndsWith, ir.ModExpand,
	}, listModifiers...),
	ir.ModFieldRef: append([]ir.ModifierKind{ir.ModContains, ir.ModStartsWith, ir.ModEndsWith}, listModifiers...),
	ir.ModCIDR:     listModifiers,
	ir.ModExists:   listModifiers,
}

func init() {
	for _, k := range append(numericCompare, timestampParts...) {
		companions[k] = listModifiers
	}
}

// mustBeFirst are the modifiers that pySigma applies only to unmodified values.
var mustBeFirst = []ir.ModifierKind{ir.ModRe, ir.ModCIDR, ir.ModExists}

// modifierChain splits a "field|mod|mod" key into the field name and its validated
// modifiers. Unknown modifiers are reported (with suggestions) and left out.
func (p *docParser) modifierChain(key *yaml.Node) (string, []ir.Modifier) {
	at := p.textPos(key)
	names := strings.Split(key.Value, "|")
	offset := len(names[0]) + 1
	var mods []ir.Modifier
	for _, name := range names[1:] {
		mpos := at
		mpos.Col += offset
		offset += len(name) + 1
		kind := ir.LookupModifier(name)
		if name == "" {
			p.diags.Errorf(mpos, CodeUnknownModifier, "empty modifier between '|' separators")
			continue
		}
		if kind == ir.ModInvalid {
			p.diags.Add(errorWithSuggestions(mpos, CodeUnknownModifier, name, ir.ModifierNames(),
				"unknown modifier %q", name))
			continue
		}
		mods = append(mods, ir.Modifier{Pos: mpos, Kind: kind, Name: name})
	}
	p.checkChain(mods)
	return names[0], mods
}

// checkChain reports modifier combinations that cannot mean anything, each with its
// own code.
func (p *docParser) checkChain(mods []ir.Modifier) {
	seen := map[ir.ModifierKind]bool{}
	for i, m := range mods {
		if seen[m.Kind] {
			p.diags.Errorf(m.Pos, CodeDuplicateModifier, "modifier %q appears twice", m.Name)
		}
		seen[m.Kind] = true
		p.checkOrder(mods[:i], m)
	}
	p.checkExclusive(mods)
	p.checkCompanions(mods)
}

// checkOrder checks m against the modifiers before it.
func (p *docParser) checkOrder(before []ir.Modifier, m ir.Modifier) {
	switch {
	case kindIn(m.Kind, mustBeFirst) && len(before) > 0:
		p.diags.Errorf(m.Pos, CodeModifierNotFirst, "modifier %q must come first in the chain", m.Name)
	case kindIn(m.Kind, []ir.ModifierKind{ir.ModReIgnoreCase, ir.ModReMultiline, ir.ModReDotAll}) && !hasAnyKind(before, ir.ModRe):
		p.diags.Errorf(m.Pos, CodeRegexFlagWithoutRe, "modifier %q is a regex flag and needs re before it", m.Name)
	case (m.Kind == ir.ModBase64 || m.Kind == ir.ModBase64Offset) && hasAnyKind(before, ir.ModContains, ir.ModStartsWith, ir.ModEndsWith):
		p.diags.Errorf(m.Pos, CodeBase64Wildcard, "modifier %q after a wildcard modifier would encode wildcards; put contains, startswith or endswith after it", m.Name)
	}
}

func (p *docParser) checkExclusive(mods []ir.Modifier) {
	for _, set := range exclusiveModifiers {
		var first *ir.Modifier
		for i := range mods {
			if !kindIn(mods[i].Kind, set) {
				continue
			}
			if first != nil && first.Kind != mods[i].Kind {
				p.diags.Errorf(mods[i].Pos, CodeConflictModifiers, "modifier %q cannot be combined with %q", mods[i].Name, first.Name)
			}
			if first == nil {
				first = &mods[i]
			}
		}
	}
}

// checkCompanions reports a modifier combined with a type-fixing modifier that does
// not allow it. Pairs already reported as exclusive are skipped.
func (p *docParser) checkCompanions(mods []ir.Modifier) {
	for _, owner := range mods {
		allowed, ok := companions[owner.Kind]
		if !ok {
			continue
		}
		for _, m := range mods {
			if m.Kind == owner.Kind || kindIn(m.Kind, allowed) || exclusivePair(owner.Kind, m.Kind) {
				continue
			}
			p.diags.Errorf(m.Pos, CodeConflictModifiers, "modifier %q cannot be combined with %q", m.Name, owner.Name)
		}
	}
}

func exclusivePair(a, b ir.ModifierKind) bool {
	for _, set := range exclusiveModifiers {
		if kindIn(a, set) && kindIn(b, set) {
			return true
		}
	}
	return false
}

func kindIn(k ir.ModifierKind, set []ir.ModifierKind) bool {
	for _, s := range set {
		if s == k {
			return true
		}
	}
	return false
}

func hasAnyKind(mods []ir.Modifier, kinds ...ir.ModifierKind) bool {
	for _, m := range mods {
		if kindIn(m.Kind, kinds) {
			return true
		}
	}
	return false
}

// stringModifiers transform or match a value as text; they cannot apply to null or
// a boolean.
var stringModifiers = []ir.ModifierKind{
	ir.ModContains, ir.ModStartsWith, ir.ModEndsWith, ir.ModBase64, ir.ModBase64Offset,
	ir.ModWide, ir.ModUTF16BE, ir.ModUTF16, ir.ModWindash, ir.ModCased, ir.ModExpand,
}

// firstOf returns the first modifier of m whose kind is in kinds.
func firstOf(m *ir.FieldMatch, kinds []ir.ModifierKind) (ir.Modifier, bool) {
	for _, mod := range m.Modifiers {
		if kindIn(mod.Kind, kinds) {
			return mod, true
		}
	}
	return ir.Modifier{}, false
}
