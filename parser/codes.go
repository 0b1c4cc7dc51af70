package parser

import "github.com/sigmakql/sigmakql/diag"

// Diagnostic codes reported by the document parser. The condition parser declares
// its own codes in condition.go.
const (
	// Input limits and encoding.
	CodeFileTooLarge  diag.Code = "file-too-large"   // the file exceeds Options.MaxFileSize
	CodeInvalidUTF8   diag.Code = "invalid-utf8"     // the file is not valid UTF-8
	CodeNulByte       diag.Code = "nul-byte"         // the file contains a NUL byte
	CodeEmptyFile     diag.Code = "empty-file"       // the file holds no YAML document
	CodeYAMLSyntax    diag.Code = "yaml-syntax"      // yaml.v3 rejected the file
	CodeYAMLDepth     diag.Code = "yaml-depth-limit" // nesting deeper than Options.MaxDepth
	CodeYAMLAliases   diag.Code = "yaml-alias-limit" // aliases expand to too many nodes
	CodeValueTooLong  diag.Code = "value-too-long"   // a scalar longer than Options.MaxValueLen
	CodeTooManyDocs   diag.Code = "too-many-documents"
	CodeDuplicateKey  diag.Code = "duplicate-key"        // a mapping repeats a key
	CodeNotMapping    diag.Code = "document-not-mapping" // a document is a list or a scalar
	CodeInvalidAction diag.Code = "invalid-action"       // a collection action other than global, reset, repeat
	CodeAmbiguousDoc  diag.Code = "ambiguous-document"   // both correlation and filter

	// Metadata.
	CodeMissingField       diag.Code = "missing-field"        // a required key is absent
	CodeInvalidFieldType   diag.Code = "invalid-field-type"   // a key holds the wrong YAML type
	CodeInvalidUUID        diag.Code = "invalid-uuid"         // id or related id is not a UUID
	CodeInvalidDate        diag.Code = "invalid-date"         // date or modified is not YYYY-MM-DD
	CodeDateSlashes        diag.Code = "date-slashes"         // YYYY/MM/DD instead of YYYY-MM-DD (warning)
	CodeInvalidStatus      diag.Code = "invalid-status"       // status outside the enum
	CodeInvalidLevel       diag.Code = "invalid-level"        // level outside the enum
	CodeInvalidRelatedType diag.Code = "invalid-related-type" // related type outside the enum
	CodeInvalidTag         diag.Code = "invalid-tag"          // a tag not in namespace.name form (warning)

	// Detection.
	CodeInvalidDetection diag.Code = "invalid-detection" // detection is not a mapping
	CodeInvalidSearch    diag.Code = "invalid-search"    // a search is neither a map, a list nor a scalar
	CodeInvalidValue     diag.Code = "invalid-value"     // a value is a map or a nested list
	CodeEmptyValueList   diag.Code = "empty-value-list"  // field: []
	CodeMissingCondition diag.Code = "missing-condition" // detection without condition
	CodeInvalidCondition diag.Code = "invalid-condition-type"
	CodeInvalidTimespan  diag.Code = "invalid-timespan" // a duration that is not N plus s, m, h, d, w, M or y

	// Modifier chains.
	CodeUnknownModifier    diag.Code = "unknown-modifier"      // not a Sigma modifier; suggestions attached
	CodeDuplicateModifier  diag.Code = "duplicate-modifier"    // the same modifier twice
	CodeModifierNotFirst   diag.Code = "modifier-not-first"    // re, cidr or exists after another modifier
	CodeRegexFlagWithoutRe diag.Code = "regex-flag-without-re" // i, m or s without a preceding re
	CodeConflictModifiers  diag.Code = "conflicting-modifiers" // modifiers that cannot apply together
	CodeBase64Wildcard     diag.Code = "base64-wildcard"       // base64 encoding of a value with wildcards
	CodeExistsNotBool      diag.Code = "exists-not-bool"       // exists with a value other than true or false
	CodeCompareNotNumber   diag.Code = "compare-not-number"    // gt, gte, lt, lte or a timestamp part with a non-number
	CodeInvalidCIDR        diag.Code = "invalid-cidr"          // cidr with a value that is no network
	CodeInvalidRegex       diag.Code = "invalid-regex"         // a regex that RE2 cannot compile
	CodeModifierValueType  diag.Code = "modifier-value-type"   // a string modifier applied to null or a boolean
	CodeInvalidFieldRef    diag.Code = "invalid-fieldref"      // fieldref with an empty value or wildcards
	CodeExistsKeyword      diag.Code = "exists-without-field"  // '|exists' on a keyword: there is no field to test
	CodeRegexPlaceholder   diag.Code = "regex-placeholder"     // re with expand and a %name%: the IR cannot carry it

	// Correlations and filters.
	CodeInvalidCorrelation diag.Code = "invalid-correlation"      // a malformed correlation section
	CodeCorrelationType    diag.Code = "invalid-correlation-type" // type outside the seven Sigma types
	CodeInvalidFilter      diag.Code = "invalid-filter"           // a malformed filter section
	CodeUnknownRuleRef     diag.Code = "unknown-rule-ref"         // a reference to no rule id or name
)
