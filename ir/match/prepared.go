package match

// Prepared is an event with its field lookups and case-folded texts remembered, so
// that matching many rules against one event reads and folds each field once. It is
// not safe for concurrent use; prepare the event once per goroutine.
type Prepared struct {
	ev     Event
	fields map[string]*fieldEntry
	leaves *fieldEntry
	// nonEmptyLeaves are the leaves without empty strings (Options.EmptyIsNull).
	nonEmptyLeaves *fieldEntry
	scratch        state  // reused by each rule matched against the event
	memoBuf        []int8 // backs scratch.memo
	// fieldScratch is the field value under test, reused by each field match.
	fieldScratch fieldValue
}

// fieldEntry is one field's value as the tests see it.
type fieldEntry struct {
	present bool
	cands   []candidate
	// empty marks a field whose value is the empty string, which
	// Options.EmptyIsNull reads as absent.
	empty bool
}

// absentEntry is a field the event does not have; it is never modified.
var absentEntry = &fieldEntry{}

// Prepare wraps ev for repeated matching. Preparing a Prepared returns it as is.
func Prepare(ev Event) *Prepared {
	if p, ok := ev.(*Prepared); ok {
		return p
	}
	return &Prepared{ev: ev}
}

// Lookup implements Event.
func (p *Prepared) Lookup(field string) (any, bool) { return p.ev.Lookup(field) }

// Walk implements Event.
func (p *Prepared) Walk(visit func(any) bool) { p.ev.Walk(visit) }

// field returns the remembered value of a field.
func (p *Prepared) field(name string) *fieldEntry {
	if e, ok := p.fields[name]; ok {
		return e
	}
	e := &fieldEntry{}
	if raw, ok := p.ev.Lookup(name); ok {
		e.present, e.cands = true, candidatesOf(raw)
		e.empty = raw == ""
	}
	if p.fields == nil {
		p.fields = map[string]*fieldEntry{}
	}
	p.fields[name] = e
	return e
}

// fieldAs returns a field's value as opts reads it: under Options.EmptyIsNull a
// field holding the empty string is absent, as a Log Analytics column reading ""
// holds no value, so "*" does not match it, a fieldref to it never holds, and
// exists is false.
func (p *Prepared) fieldAs(name string, opts *Options) *fieldEntry {
	e := p.field(name)
	if e.empty && opts.EmptyIsNull {
		return absentEntry
	}
	return e
}

// leavesAs returns the leaves a keyword is searched in as opts reads them: under
// Options.EmptyIsNull without the empty strings, which hold no value.
func (p *Prepared) leavesAs(opts *Options) *fieldEntry {
	all := p.allLeaves()
	if !opts.EmptyIsNull {
		return all
	}
	if p.nonEmptyLeaves == nil {
		e := &fieldEntry{present: true}
		for _, c := range all.cands {
			if c.raw != "" {
				e.cands = append(e.cands, c)
			}
		}
		p.nonEmptyLeaves = e
	}
	return p.nonEmptyLeaves
}

// memo returns n zeroed search results backed by the event's scratch buffer.
func (p *Prepared) memo(n int) []int8 {
	if cap(p.memoBuf) < n {
		p.memoBuf = make([]int8, n)
	}
	m := p.memoBuf[:n]
	clear(m)
	return m
}

// allLeaves returns every leaf value, for keyword searches.
func (p *Prepared) allLeaves() *fieldEntry {
	if p.leaves == nil {
		e := &fieldEntry{present: true}
		p.ev.Walk(func(v any) bool {
			e.cands = append(e.cands, newCandidate(v))
			return true
		})
		p.leaves = e
	}
	return p.leaves
}
