package mcp_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/sigmakql/sigmakql/mcp"
)

const testToken = "tok-3f9a1c77e0b24d5c8a6e"

// bearer adds an Authorization header to every request.
type bearer struct{ token string }

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return http.DefaultTransport.RoundTrip(r)
}

// serveHTTP starts a server on a loopback port and returns its URL and log.
func serveHTTP(t *testing.T, token string) (string, *syncBuffer) {
	t.Helper()
	log := &syncBuffer{}
	srv, err := mcp.New(mcp.Options{Log: log})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := mcp.Listen(mcp.HTTPConfig{Addr: "127.0.0.1:0", Token: token})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.ServeStreamableHTTP(ctx, ln, token) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("ServeStreamableHTTP: %v", err)
		}
		srv.Close()
	})
	return "http://" + ln.Addr().String() + "/", log
}

func connectHTTP(url, token string) (*sdk.ClientSession, error) {
	hc := &http.Client{}
	if token != "" {
		hc.Transport = bearer{token}
	}
	t := &sdk.StreamableClientTransport{Endpoint: url, HTTPClient: hc, MaxRetries: -1, DisableStandaloneSSE: true}
	return sdk.NewClient(&sdk.Implementation{Name: "test", Version: "1"}, nil).Connect(context.Background(), t, nil)
}

func TestHTTP(t *testing.T) {
	tests := []struct {
		name        string
		serverToken string
		clientToken string
		ok          bool
	}{
		{"no token", "", "", true},
		{"right token", testToken, testToken, true},
		{"missing token", testToken, "", false},
		{"wrong token", testToken, testToken + "x", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url, log := serveHTTP(t, tt.serverToken)
			cs, err := connectHTTP(url, tt.clientToken)
			if !tt.ok {
				if err == nil {
					cs.Close()
					t.Fatal("connected without the right token")
				}
				return
			}
			if err != nil {
				t.Fatalf("connect: %v", err)
			}
			defer cs.Close()
			res, err := cs.CallTool(context.Background(), &sdk.CallToolParams{Name: "convert_sigma_to_kql", Arguments: map[string]any{"sigma_yaml": whoamiRule}})
			if err != nil || res.IsError {
				t.Fatalf("convert over HTTP: %v %v", err, res)
			}
			if strings.Contains(log.String(), testToken) {
				t.Errorf("the token appears in the log:\n%s", log)
			}
			if !strings.Contains(log.String(), `"tool":"convert_sigma_to_kql"`) || !strings.Contains(log.String(), `"session":"`) {
				t.Errorf("no audit line naming the session:\n%s", log)
			}
		})
	}
}

func TestListenPolicy(t *testing.T) {
	tests := []struct {
		name string
		cfg  mcp.HTTPConfig
		ok   bool
	}{
		{"loopback v4", mcp.HTTPConfig{Addr: "127.0.0.1:0"}, true},
		{"loopback v6", mcp.HTTPConfig{Addr: "[::1]:0"}, true},
		{"empty host is loopback", mcp.HTTPConfig{Addr: ":0"}, true},
		{"all interfaces", mcp.HTTPConfig{Addr: "0.0.0.0:0"}, false},
		{"all interfaces, allowed but no token", mcp.HTTPConfig{Addr: "0.0.0.0:0", AllowRemote: true}, false},
		{"all interfaces, token but not allowed", mcp.HTTPConfig{Addr: "0.0.0.0:0", Token: testToken}, false},
		{"all interfaces, allowed with token", mcp.HTTPConfig{Addr: "0.0.0.0:0", AllowRemote: true, Token: testToken}, true},
		{"short token", mcp.HTTPConfig{Addr: "127.0.0.1:0", Token: "short"}, false},
		{"host name", mcp.HTTPConfig{Addr: "example.invalid:0"}, false},
		{"no port", mcp.HTTPConfig{Addr: "127.0.0.1"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr, err := mcp.CheckAddr(tt.cfg)
			if (err == nil) != tt.ok {
				t.Fatalf("CheckAddr(%+v) error %v, want ok=%v", tt.cfg, err, tt.ok)
			}
			if tt.ok && tt.cfg.Addr == ":0" && addr != "127.0.0.1:0" {
				t.Errorf("empty host gave %s", addr)
			}
		})
	}
}
