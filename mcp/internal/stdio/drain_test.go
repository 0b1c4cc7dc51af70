package stdio

import (
	"io"
	"strings"
	"testing"
	"time"
)

func TestDrainWaitsForResponses(t *testing.T) {
	d := New(time.Minute)
	r := d.Reader(strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"tools/list"}` + "\n" +
		`{"jsonrpc":"2.0","method":"notifications/initialized"}` + "\n"))
	var out strings.Builder
	w := d.Writer(&out)
	eof := make(chan struct{})
	go func() {
		io.ReadAll(r)
		close(eof)
	}()
	select {
	case <-eof:
		t.Fatal("EOF reported before the request was answered")
	case <-time.After(50 * time.Millisecond):
	}
	// A server-to-client request and a null-id error do not count as answers.
	io.WriteString(w, `{"jsonrpc":"2.0","id":9,"method":"ping"}`+"\n")
	io.WriteString(w, `{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse"}}`+"\n")
	select {
	case <-eof:
		t.Fatal("EOF reported after a message that is not the answer")
	case <-time.After(50 * time.Millisecond):
	}
	io.WriteString(w, `{"jsonrpc":"2.0","id":1,"result":{}}`+"\n")
	select {
	case <-eof:
	case <-time.After(5 * time.Second):
		t.Fatal("EOF not reported after the answer")
	}
}

func TestDrainGivesUp(t *testing.T) {
	tests := []struct {
		name  string
		close bool
	}{
		{"timeout", false},
		{"close", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			timeout := 50 * time.Millisecond
			if tt.close {
				timeout = time.Hour
			}
			d := New(timeout)
			r := d.Reader(strings.NewReader(`{"id":"a","method":"tools/call"}` + "\n"))
			if tt.close {
				time.AfterFunc(50*time.Millisecond, func() { r.Close() })
			}
			done := make(chan struct{})
			go func() {
				io.ReadAll(r)
				close(done)
			}()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("EOF never reported for an unanswered request")
			}
		})
	}
}
