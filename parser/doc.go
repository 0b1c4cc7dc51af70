// Package parser reads Sigma documents (rules, correlations, filters and
// collections of them) into the typed IR of package ir. It uses the yaml.v3 Node API
// so that every item keeps its line and column, and reports every problem as a
// positioned diagnostic with a stable code instead of failing on the first one.
//
// Values are typed here, once, according to their modifier chain (strings split into
// literal text and wildcards, regexes compiled, networks parsed), so no later phase
// ever re-reads Sigma escapes. String values are kept as written: the contains,
// startswith and endswith modifiers stay in the chain for the backends to apply.
//
// The input is untrusted: file size, YAML nesting depth, alias expansion and value
// length are bounded by Options, and no input makes the parser panic or hang.
package parser
