package ruletest_test

import (
	"sort"
	"strings"
	"testing"
)

// knownBugs lists, by rule file name, the conformance failures whose cause is
// found and reported to the package that owns it but not yet fixed there. Each
// entry says which side is wrong and why. A listed rule that starts passing
// fails the test, so the entry is removed the moment the fix lands: this is a
// list of open bugs, never a tolerance.
var knownBugs = map[string]string{}

// knownBugRules lists the rules of every open bug, sorted.
func knownBugRules() []string {
	rules := make([]string, 0, len(knownBugs))
	for rule := range knownBugs {
		rules = append(rules, rule)
	}
	sort.Strings(rules)
	return rules
}

// knownBug returns the open bug that explains a failure naming file, if any.
func knownBug(text string) (rule, why string, ok bool) {
	for rule, why := range knownBugs {
		if strings.Contains(text, rule) || strings.Contains(text, strings.TrimSuffix(rule, ".yml")) {
			return rule, why, true
		}
	}
	return "", "", false
}

// bugTracker records which known bugs a conformance run met.
type bugTracker struct {
	seen map[string]bool
}

// explain logs a failure a known bug explains and reports whether it did.
func (b *bugTracker) explain(t *testing.T, failure string) bool {
	t.Helper()
	rule, why, ok := knownBug(failure)
	if !ok {
		return false
	}
	if b.seen == nil {
		b.seen = map[string]bool{}
	}
	b.seen[rule] = true
	t.Logf("KNOWN BUG (%s): %s", why, firstLine(failure))
	return true
}

// checkFixed fails for each listed bug of this run's rules that no longer shows,
// so its entry is removed.
func (b *bugTracker) checkFixed(t *testing.T, relevant []string) {
	t.Helper()
	for _, rule := range relevant {
		if !b.seen[rule] {
			t.Errorf("%s no longer fails (%s): remove it from knownBugs", rule, knownBugs[rule])
		}
	}
}
