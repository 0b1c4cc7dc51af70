package ruletest

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/events"
	"github.com/sigmakql/sigmakql/passes"
)

// eventCases runs the cases of a test file against its rule: one Case each.
func (c *Checker) eventCases(testsPath string, src []byte, lineOffset int, open eventOpener, prepared []*Prepared) []Case {
	tf, diags := parseTests(testsPath, src, lineOffset, open)
	if diags.HasErrors() {
		return diagFailures(testsPath, diags)
	}
	return c.runEventCases(testsPath, tf.Cases, prepared)
}

// runEventCases checks parsed cases against their rule.
func (c *Checker) runEventCases(testsPath string, tests []EventCase, prepared []*Prepared) []Case {
	if len(prepared) != 1 {
		return []Case{loadFailure(testsPath, fmt.Errorf("event cases need a rule file holding exactly one rule, not %d", len(prepared)))}
	}
	p := prepared[0]
	var all []*events.Event
	for _, t := range tests {
		all = append(all, t.Events...)
	}
	verdicts, err := p.Check(NewEventSet(all))
	label := ruleLabel(p, testsPath)
	var out []Case
	for _, t := range tests {
		cs := newCase(label+": "+t.Name, KindEvent, t.Pos)
		if err != nil {
			cs.fail("%s", oneLine(err))
		} else {
			judgeEventCase(&cs, p, t, verdicts[:len(t.Events)])
		}
		verdicts = verdicts[min(len(t.Events), len(verdicts)):]
		out = append(out, cs)
	}
	return out
}

func ruleLabel(p *Prepared, testsPath string) string {
	if p.Rule.Title != "" {
		return p.Rule.Title
	}
	return filepath.Base(testsBase(testsPath))
}

// judgeEventCase passes a case when both sides agree with its expectation on
// every event. The interpreter's verdict includes the pipeline's routing: an
// event of another logsource (a Sysmon record of another event ID) matches no
// rule, as the query sees it.
func judgeEventCase(cs *Case, p *Prepared, t EventCase, verdicts []Verdict) {
	if p.MatchErr != nil {
		cs.fail("the interpreter cannot run the rule: %s", oneLine(p.MatchErr))
		return
	}
	var problems []string
	for i, v := range verdicts {
		interp := v.Interpreter && v.Route != passes.OtherTable && v.Route != passes.OtherLogsource
		var wrong []string
		if interp != t.Match {
			wrong = append(wrong, "interpreter "+describe(interp))
		}
		if p.Converted() && v.KQL != t.Match {
			wrong = append(wrong, "kql "+describe(v.KQL))
		}
		if len(wrong) > 0 {
			problems = append(problems, fmt.Sprintf("%s: want %s; %s%s", t.Events[i].Pos, expectation(t.Match), strings.Join(wrong, ", "), p.routeNote(t.Events[i], v)))
		}
	}
	switch {
	case len(problems) > 0:
		cs.fail("%s", strings.Join(problems, "\n"))
	case !p.Converted():
		cs.Status = Unsupported
		cs.Message = fmt.Sprintf("not converted by %s: %s; the interpreter agrees with the expectation", p.pipeline, reason(p.ConvertErr))
	}
}

func expectation(match bool) string {
	if match {
		return "a match"
	}
	return "no match"
}

// routeNote explains a verdict the event's route decided.
func (p *Prepared) routeNote(ev *events.Event, v Verdict) string {
	switch {
	case !p.Converted():
		return ""
	case v.Route == passes.OtherTable:
		return fmt.Sprintf(" (the event is not stored in table %s)", p.Table)
	case v.Route == passes.OtherLogsource:
		return " (the event is not of the rule's logsource)"
	case v.Route == passes.Unrepresentable:
		return fmt.Sprintf(" (table %s cannot hold the event's %s, so the query cannot read it)", p.Table, strings.Join(p.rows.Lost(ev), ", "))
	}
	return ""
}

// diagFailures turns each error of a file into a failed load case.
func diagFailures(name string, diags diag.List) []Case {
	var out []Case
	for _, d := range diags.Errors() {
		cs := newCase(filepath.Base(name), KindLoad, d.Pos)
		cs.fail("%s [%s]", d.Message, d.Code)
		out = append(out, cs)
	}
	return out
}
