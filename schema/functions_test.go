package schema

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// unknownFunctions validates src against s and returns the unknown functions
// and plugins as name@line:col with their suggestions.
func unknownFunctions(t *testing.T, src string, s *Schema) []string {
	t.Helper()
	an := ValidateText(src, s, Options{})
	if an.Syntax.HasErrors() {
		t.Fatalf("parse %q: %v", src, an.Syntax)
	}
	var out []string
	for _, u := range an.Result().UnknownFunctions {
		out = append(out, u.Name+"@"+itoa(u.Line)+":"+itoa(u.Col)+" "+strings.Join(u.Suggestions, ","))
	}
	return out
}

// TestUnknownFunction checks where calls are reported; the cases follow what
// Kusto.Language reports as KS211 (KS124 for plugins).
func TestUnknownFunction(t *testing.T) {
	tests := []struct {
		name, query string
		want        []string
	}{
		{"misspelt built-in", "T | extend x = tostirng(B)", []string{"tostirng@1:16 tostring"}},
		{"function names are case sensitive", "T | extend x = ToString(B)", []string{"ToString@1:16 tostring"}},
		{"built-ins and aggregates", "T | summarize c = count(), m = make_set(A) by bin(TimeGenerated, 1h) | extend s = strlen(tostring(m))", nil},
		{"let function", "let f = (a:string) { strlen(a) }; T | extend x = f(A)", nil},
		{"let scalar is no function", "let v = 1; T | extend x = v(A)", []string{"v@1:27 "}},
		{"unknown tabular function", "Foo() | take 1", []string{"Foo@1:1 "}},
		{"let table called as a function", "let R = T | take 1; R() | take 1", []string{"R@1:21 "}},
		{"let tabular function", "let R = () { T | take 1 }; R() | take 1", nil},
		{"unknown invoked function", "T | invoke Foo()", []string{"Foo@1:12 "}},
		{"unknown plugin", "T | evaluate bag_unpak(D)", []string{"bag_unpak@1:14 bag_unpack"}},
		{"known plugin", "T | evaluate bag_unpack(D)", nil},
		{"cross-resource function", "workspace('w').T | take 1", nil},
		{"platform function", "_GetWatchlist('w') | project SearchKey", nil},
		{"argument of an unknown function", "T | extend x = tostring(nope(A))", []string{"nope@1:25 "}},
		{"method-style call", "T | extend x = A.tolower()", []string{"tolower@1:18 "}},
		{"function of another database", "database('d').F() | take 1", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, unknownFunctions(t, tt.query, testSchema(t))); diff != "" {
				t.Errorf("%s: unknown functions (-want +got):\n%s", tt.query, diff)
			}
		})
	}
}

func TestUnknownFunctionMakesQueryInvalid(t *testing.T) {
	an := ValidateText("T | extend x = tostirng(B)", testSchema(t), Options{})
	if an.Valid() {
		t.Error("a query calling an unknown function must not be valid")
	}
	d := an.Diagnostics()
	if len(d) != 1 || d[0].Code != CodeUnknownFunction || !strings.Contains(d[0].Message, `did you mean "tostring"`) {
		t.Errorf("diagnostics = %v", d)
	}
}

// TestPlatformFunctionColumns checks that queries calling Sentinel's and
// Defender's functions are checked against the columns they document.
func TestPlatformFunctionColumns(t *testing.T) {
	tests := []struct {
		name, query string
		want        []string
	}{
		{"FileProfile adds its columns", "T | invoke FileProfile(A, 100) | where GlobalPrevalence < 5 and IsExecutable and B > 0", nil},
		{"FileProfile keeps the input", "T | invoke FileProfile() | where Nope == 1", []string{"Nope"}},
		{"DeviceFromIP returns its own", "T | invoke DeviceFromIP() | project DeviceId, IP, A", []string{"A"}},
		{"AssignedIPAddresses", "AssignedIPAddresses('pc', ago(1d)) | where IPType == 'Private' and Nope == 1", []string{"Nope"}},
		{"watchlist columns are open", "_GetWatchlist('vip') | project SearchKey, Department", nil},
		{"watchlist in a join", "T | join kind=inner (_GetWatchlist('x') | project A = SearchKey, Owner) on A | project Owner, B", nil},
		{"SeenBy", "T | invoke SeenBy() | mv-expand SeenBy | project A, SeenBy", nil},
		{"ASIM parser is open", "_Im_WebSession(starttime=ago(1d)) | where SrcIpAddr == '10.0.0.1' and AnyAlias == 1", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, unknownNames(t, tt.query)); diff != "" {
				t.Errorf("%s: unknown names (-want +got):\n%s", tt.query, diff)
			}
		})
	}
}

// TestSchemaFunctions checks functions from a user schema file: they are
// known, their body gives their result columns, and they override a platform
// function of the same name.
func TestSchemaFunctions(t *testing.T) {
	s, err := Load(strings.NewReader(`{"tables": {"T": [["A","string"]]},
		"functions": {
			"Parsed": {"params": "(since:timespan)", "body": "{ T | extend Extra = 1 }"},
			"Bare": "{ T | project A }",
			"_GetWatchlist": {"params": "(alias:string)", "body": "{ datatable(SearchKey:string)[] }"}
		}}`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query string
		want  []string
	}{
		{"Parsed(1d) | where Extra > 0 and A != '' and Nope == 1", []string{"Nope"}},
		{"Bare | where A != '' and Extra == 1", []string{"Extra"}},
		{"_GetWatchlist('x') | where Department == 'a'", []string{"Department"}},
	}
	for _, tt := range tests {
		an := ValidateText(tt.query, s, Options{})
		var got []string
		for _, u := range append(an.UnknownTables, an.UnknownColumns...) {
			got = append(got, u.Name)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" || len(an.UnknownFunctions) > 0 {
			t.Errorf("%s: unknown names (-want +got):\n%s\nfunctions %v", tt.query, diff, an.UnknownFunctions)
		}
	}
}

// TestRecursiveStoredFunctionsEnd checks that stored functions calling
// themselves or each other are checked once and end.
func TestRecursiveStoredFunctionsEnd(t *testing.T) {
	s, err := Load(strings.NewReader(`{"tables": {"T": [["A","string"]]},
		"functions": {"F": "{ G() | union F() }", "G": "{ F() | extend B = 1 }", "H": {"params": "(t:(*))", "body": "{ H(t) | union t }"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	an := ValidateText("F() | union (T | invoke H()) | where Nope == 1", s, Options{})
	if len(an.UnknownFunctions) > 0 || an.Syntax.HasErrors() {
		t.Errorf("got %+v", an)
	}
}

// TestWatchlists checks watchlists described in a schema file: their columns
// follow the ones every watchlist has, a misspelt one is reported, and a
// watchlist the file does not describe stays open.
func TestWatchlists(t *testing.T) {
	s, err := Load(strings.NewReader(`{"tables": {"T": [["A","string"]]},
		"watchlists": {"VIPs": [["UserPrincipalName","string"], ["Tier","long"]]}}`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query string
		want  []string
	}{
		{"_GetWatchlist('VIPs') | where Tier > 1 and SearchKey != '' | project UserPrincipleName", []string{"UserPrincipleName [UserPrincipalName]"}},
		{"_GetWatchlist('Other') | project Anything", nil},
		{"T | where A in ((_GetWatchlist('VIPs') | project UserPrincipalName))", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, u := range ValidateText(tt.query, s, Options{}).UnknownColumns {
			got = append(got, u.Name+" ["+strings.Join(u.Suggestions, ",")+"]")
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: unknown columns (-want +got):\n%s", tt.query, diff)
		}
	}
	var b strings.Builder
	if err := Default().Merge(s).WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"watchlists": {`+"\n"+`  "VIPs": [["UserPrincipalName","string"],["Tier","long"]]`) {
		t.Errorf("WriteJSON after Merge lost the watchlist:\n%s", b.String()[max(0, b.Len()-300):])
	}
}

func TestLoadRejectsBadFunction(t *testing.T) {
	for _, src := range []string{
		`{"tables": {}, "functions": {"F": {"params": "(a:string", "body": "{ print 1 }"}}}`,
		`{"tables": {}, "functions": {"F": {"body": "{ T | }"}}}`,
		`{"tables": {}, "functions": {"F": 1}}`,
	} {
		if _, err := Load(strings.NewReader(src)); err == nil {
			t.Errorf("Load(%s) succeeded; want an error", src)
		}
	}
}

func TestWriteJSONRoundTripsFunctions(t *testing.T) {
	var b strings.Builder
	if err := Default().WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	back, err := Load(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Default().Functions(), back.Functions()); diff != "" {
		t.Errorf("functions (-want +got):\n%s", diff)
	}
	if f, _ := back.Function("_Im_Dns"); f == nil || !f.Open {
		t.Errorf("_Im_Dns = %+v; want an open function", f)
	}
}

// TestResultMachineForm pins the JSON the CLI and the MCP server print for one
// analysis: every list present (never null), functions and plugins together
// in query order, no byte offsets.
func TestResultMachineForm(t *testing.T) {
	an := ValidateText("T | evaluate bag_unpak(D) | extend x = tostirng(Nope)", testSchema(t), Options{})
	got, err := json.Marshal(an.Result())
	if err != nil {
		t.Fatal(err)
	}
	want := `{"valid":false,"syntax_errors":[],"unknown_tables":[],"unknown_columns":[],` +
		`"unknown_functions":[{"name":"bag_unpak","table":"","line":1,"col":14,"suggestions":["bag_unpack"]},` +
		`{"name":"tostirng","table":"","line":1,"col":40,"suggestions":["tostring"]}],"warnings":[]}`
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("Result JSON (-want +got):\n%s", diff)
	}
}
