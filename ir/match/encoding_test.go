package match_test

import (
	"encoding/base64"
	"encoding/json"
	"testing"
	"unicode/utf16"
)

// b64 encodes text for the events below.
func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// utf16le returns text as UTF-16LE bytes.
func utf16le(s string) string {
	var out []byte
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u), byte(u>>8))
	}
	return string(out)
}

// jsonString quotes s for embedding in an event.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestEncodings pins base64, base64offset, the UTF-16 modifiers and windash. Source:
// Sigma modifiers appendix ("Encoding", "windash"); pySigma's modifiers for the exact
// base64offset cuts and windash positions.
func TestEncodings(t *testing.T) {
	runMatchCases(t, []matchCase{
		{name: "base64 whole value", detection: `
sel:
    Data|base64: 'abc'
condition: sel`, event: `{"Data": "YWJj"}`, want: true},
		{name: "base64 contains", detection: `
sel:
    Data|base64|contains: 'abc'
condition: sel`, event: `{"Data": "xxYWJjxx"}`, want: true},
		// The three variants of /bin/bash: L2Jpbi9iYXNo, 9iaW4vYmFza, vYmluL2Jhc2.
		{name: "base64offset at offset 0", detection: `
sel:
    Data|base64offset|contains: '/bin/bash'
condition: sel`, event: `{"Data": ` + jsonString(b64("/bin/bash -c id")) + `}`, want: true},
		{name: "base64offset at offset 1", detection: `
sel:
    Data|base64offset|contains: '/bin/bash'
condition: sel`, event: `{"Data": ` + jsonString(b64("x/bin/bash -c id")) + `}`, want: true},
		{name: "base64offset at offset 2", detection: `
sel:
    Data|base64offset|contains: '/bin/bash'
condition: sel`, event: `{"Data": ` + jsonString(b64("xy/bin/bash")) + `}`, want: true},
		{name: "base64offset other text", detection: `
sel:
    Data|base64offset|contains: '/bin/bash'
condition: sel`, event: `{"Data": ` + jsonString(b64("xy/bin/zsh -c id")) + `}`, want: false},
		{name: "wide then base64offset", detection: `
sel:
    CommandLine|wide|base64offset|contains: 'ping'
condition: sel`, event: `{"CommandLine": ` + jsonString("powershell -enc "+b64(utf16le("x ping y"))) + `}`, want: true},
		{name: "utf16le alias", detection: `
sel:
    CommandLine|utf16le|base64offset|contains: 'ping'
condition: sel`, event: `{"CommandLine": ` + jsonString(b64(utf16le("a ping"))) + `}`, want: true},
		{name: "wide without base64 matches UTF-16 text", detection: `
sel:
    Blob|wide|contains: 'cmd'
condition: sel`, event: `{"Blob": "x\u0063\u0000\u006d\u0000\u0064\u0000y"}`, want: true},
		// utf16 prepends the byte order mark FF FE: base64 of FF FE 63 00 6D 00 64 00.
		{name: "utf16 with BOM then base64", detection: `
sel:
    Data|utf16|base64: 'cmd'
condition: sel`, event: `{"Data": "//5jAG0AZAA="}`, want: true},
		{name: "utf16be then base64", detection: `
sel:
    Data|utf16be|base64: 'cmd'
condition: sel`, event: `{"Data": ` + jsonString(b64("\x00c\x00m\x00d")) + `}`, want: true},
		{name: "windash dash as slash", detection: `
sel:
    CommandLine|windash|contains: ' -enc '
condition: sel`, event: `{"CommandLine": "powershell /enc AAAA"}`, want: true},
		{name: "windash dash as en dash", detection: `
sel:
    CommandLine|windash|contains: ' -enc '
condition: sel`, event: `{"CommandLine": "powershell \u2013enc AAAA"}`, want: true},
		{name: "windash dash as horizontal bar", detection: `
sel:
    CommandLine|contains|windash: ' -enc '
condition: sel`, event: `{"CommandLine": "powershell \u2015enc AAAA"}`, want: true},
		{name: "windash slash as dash", detection: `
sel:
    CommandLine|windash|contains: '/c'
condition: sel`, event: `{"CommandLine": "cmd -c x"}`, want: true},
		{name: "windash keeps the plain dash", detection: `
sel:
    CommandLine|windash|contains: ' -enc '
condition: sel`, event: `{"CommandLine": "powershell -ENC AAAA"}`, want: true},
		// \B[-/]\b: a dash inside a word is not an option character.
		{name: "windash leaves inner dashes", detection: `
sel:
    CommandLine|windash|contains: 'Set-Item'
condition: sel`, event: `{"CommandLine": "Set/Item"}`, want: false},
		{name: "windash needs a word after the dash", detection: `
sel:
    CommandLine|windash|contains: 'a - b'
condition: sel`, event: `{"CommandLine": "a / b"}`, want: false},
		{name: "windash with several options", detection: `
sel:
    CommandLine|windash|contains: ' -a -b'
condition: sel`, event: `{"CommandLine": "x /a \u2014b"}`, want: true},
	})
}
