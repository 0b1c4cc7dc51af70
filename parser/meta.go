package parser

import (
	"regexp"
	"strings"
	"time"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
	"gopkg.in/yaml.v3"
)

var (
	uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	tagPattern  = regexp.MustCompile(`^[a-z0-9_-]+\.[a-z0-9._-]+$`)

	statusValues  = []string{"stable", "test", "experimental", "deprecated", "unsupported"}
	levelValues   = []string{"informational", "low", "medium", "high", "critical"}
	relatedValues = []string{"derived", "obsolete", "merged", "renamed", "similar"}
)

// metaField reads one standard metadata key into m.
type metaField func(p *docParser, m *ir.Meta, n *yaml.Node)

// metaFields maps every standard metadata key to its reader.
var metaFields = map[string]metaField{
	"title":          func(p *docParser, m *ir.Meta, n *yaml.Node) { m.Title, _ = p.scalarString(n, "title") },
	"name":           func(p *docParser, m *ir.Meta, n *yaml.Node) { m.Name, _ = p.scalarString(n, "name") },
	"taxonomy":       func(p *docParser, m *ir.Meta, n *yaml.Node) { m.Taxonomy, _ = p.scalarString(n, "taxonomy") },
	"description":    func(p *docParser, m *ir.Meta, n *yaml.Node) { m.Description, _ = p.scalarString(n, "description") },
	"license":        func(p *docParser, m *ir.Meta, n *yaml.Node) { m.License, _ = p.scalarString(n, "license") },
	"author":         func(p *docParser, m *ir.Meta, n *yaml.Node) { m.Author, _ = p.scalarString(n, "author") },
	"references":     func(p *docParser, m *ir.Meta, n *yaml.Node) { m.References = p.stringList(n, "references") },
	"fields":         func(p *docParser, m *ir.Meta, n *yaml.Node) { m.Fields = p.stringList(n, "fields") },
	"falsepositives": func(p *docParser, m *ir.Meta, n *yaml.Node) { m.FalsePositives = p.stringList(n, "falsepositives") },
	"scope":          func(p *docParser, m *ir.Meta, n *yaml.Node) { m.Scope = p.stringList(n, "scope") },
	"id":             func(p *docParser, m *ir.Meta, n *yaml.Node) { m.ID = p.uuid(n, "id") },
	"date":           func(p *docParser, m *ir.Meta, n *yaml.Node) { m.Date = p.date(n, "date") },
	"modified":       func(p *docParser, m *ir.Meta, n *yaml.Node) { m.Modified = p.date(n, "modified") },
	"status": func(p *docParser, m *ir.Meta, n *yaml.Node) {
		m.Status = p.enum(n, "status", statusValues, CodeInvalidStatus)
	},
	"level": func(p *docParser, m *ir.Meta, n *yaml.Node) {
		m.Level = p.enum(n, "level", levelValues, CodeInvalidLevel)
	},
	"tags":    (*docParser).tags,
	"related": (*docParser).related,
}

// meta reads the metadata shared by every document kind. Keys that are neither
// standard metadata nor one of kindKeys are kept in Custom as plain values.
func (p *docParser) meta(root *yaml.Node, s keyIndex, kindKeys ...string) ir.Meta {
	m := ir.Meta{Pos: p.pos(root)}
	for _, kv := range pairs(root) {
		key := kv.Key.Value
		if read, ok := metaFields[key]; ok {
			read(p, &m, kv.Value)
			continue
		}
		if contains(kindKeys, key) {
			continue
		}
		if m.Custom == nil {
			m.Custom = map[string]any{}
		}
		m.Custom[key] = plainValue(kv.Value)
	}
	return m
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (p *docParser) uuid(n *yaml.Node, what string) string {
	s, ok := p.scalarString(n, what)
	if ok && !uuidPattern.MatchString(s) {
		p.diags.Errorf(p.pos(n), CodeInvalidUUID, "%s %q is not a UUID", what, s)
	}
	return s
}

// date accepts YYYY-MM-DD, and YYYY/MM/DD (the older Sigma spelling) with a warning.
func (p *docParser) date(n *yaml.Node, what string) string {
	s, ok := p.scalarString(n, what)
	if !ok {
		return ""
	}
	if _, err := time.Parse("2006-01-02", s); err == nil {
		return s
	}
	if _, err := time.Parse("2006/01/02", s); err == nil {
		p.diags.Warnf(p.pos(n), CodeDateSlashes, "%s %q uses slashes; write %s", what, s, strings.ReplaceAll(s, "/", "-"))
		return s
	}
	p.diags.Errorf(p.pos(n), CodeInvalidDate, "%s %q is not a date in YYYY-MM-DD form", what, s)
	return s
}

func (p *docParser) enum(n *yaml.Node, what string, values []string, code diag.Code) string {
	s, ok := p.scalarString(n, what)
	if ok && !contains(values, s) {
		p.diags.Add(errorWithSuggestions(p.pos(n), code, s, values,
			"%s %q is not one of %s", what, s, strings.Join(values, ", ")))
	}
	return s
}

func (p *docParser) tags(m *ir.Meta, n *yaml.Node) {
	m.Tags = p.stringList(n, "tags")
	for i, t := range m.Tags {
		if !tagPattern.MatchString(t) {
			at := p.pos(n)
			if n.Kind == yaml.SequenceNode && i < len(n.Content) {
				at = p.pos(n.Content[i])
			}
			p.diags.Warnf(at, CodeInvalidTag, "tag %q is not in lower-case namespace.name form", t)
		}
	}
}

func (p *docParser) related(m *ir.Meta, n *yaml.Node) {
	if n.Kind != yaml.SequenceNode {
		p.diags.Errorf(p.pos(n), CodeInvalidFieldType, "related must be a list, not %s", kindName(n))
		return
	}
	for _, item := range items(n) {
		if item.Kind != yaml.MappingNode {
			p.diags.Errorf(p.pos(item), CodeInvalidFieldType, "related entry must be a mapping, not %s", kindName(item))
			continue
		}
		s := indexKeys(item)
		rel := ir.Related{Pos: p.pos(item)}
		p.require(item, s, "id", "type")
		if v := s.get("id"); v != nil {
			rel.ID = p.uuid(v, "related id")
		}
		if v := s.get("type"); v != nil {
			rel.Type = p.enum(v, "related type", relatedValues, CodeInvalidRelatedType)
		}
		m.Related = append(m.Related, rel)
	}
}
