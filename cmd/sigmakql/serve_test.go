package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// serveRule is a typical rule, written for these tests.
const serveRule = `title: Whoami Execution For Serve Tests
id: 7d0c3d0e-3c0b-4a43-9a63-5d0f1e2a3b4c
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '\whoami.exe'
    condition: selection
`

const serveToken = "serve-token-5b1e0c9d7a3f4e21"

func TestServeFlags(t *testing.T) {
	dir := t.TempDir()
	tokenFile := filepath.Join(dir, "token")
	if err := os.WriteFile(tokenFile, []byte(serveToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"remote without allow", []string{"--http", "0.0.0.0:0"}, "non-loopback"},
		{"allow-remote without token", []string{"--http", "0.0.0.0:0", "--allow-remote"}, "requires --token-file"},
		{"token on stdio", []string{"--token-file", tokenFile}, "needs --http"},
		{"missing token file", []string{"--http", "127.0.0.1:0", "--token-file", filepath.Join(dir, "nope")}, "--token-file"},
		{"missing rules dir", []string{"--rules-dir", filepath.Join(dir, "nope")}, "rules dir"},
		{"stray argument", []string{"extra"}, "unexpected argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, "", append([]string{"serve"}, tt.args...)...)
			if code != exitUsage || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d mentioning %q", code, stderr, exitUsage, tt.want)
			}
		})
	}
}

// TestServeStdioInMemory runs a whole session through runCLI: stdout must hold
// nothing but JSON-RPC messages and the session ends cleanly at EOF.
func TestServeStdioInMemory(t *testing.T) {
	in := strings.Join([]string{
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`,
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
		`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"list_tables","arguments":{"search":"SecurityEvent"}}}`,
	}, "\n") + "\n"
	code, stdout, stderr := runCLI(t, in, "serve")
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	for _, line := range lines {
		var msg struct {
			JSONRPC string `json:"jsonrpc"`
		}
		if err := json.Unmarshal([]byte(line), &msg); err != nil || msg.JSONRPC != "2.0" {
			t.Errorf("stdout line is not JSON-RPC: %q", line)
		}
	}
	if len(lines) != 2 {
		t.Errorf("want 2 responses, got %d:\n%s", len(lines), stdout)
	}
	if !strings.Contains(stderr, `"tool":"list_tables"`) {
		t.Errorf("no audit line on stderr:\n%s", stderr)
	}
}

// buildBinary compiles sigmakql into a temporary directory.
func buildBinary(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "sigmakql")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func TestServeStdioSubprocess(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	rules := t.TempDir()
	if err := os.WriteFile(filepath.Join(rules, "whoami.yml"), []byte(serveRule), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "serve", "--rules-dir", rules)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	client := sdk.NewClient(&sdk.Implementation{Name: "test", Version: "1"}, nil)
	cs, err := client.Connect(context.Background(), &sdk.CommandTransport{Command: cmd}, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := cs.CallTool(context.Background(), &sdk.CallToolParams{Name: "convert_sigma_to_kql", Arguments: map[string]any{"sigma_path": "whoami.yml"}})
	if err != nil || res.IsError {
		t.Fatalf("convert: %v %+v", err, res)
	}
	if err := cs.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	if cmd.ProcessState == nil || !cmd.ProcessState.Success() {
		t.Errorf("server did not exit cleanly at EOF: %v\n%s", cmd.ProcessState, stderr.String())
	}
	if !strings.Contains(stderr.String(), `"sigma_path":"whoami.yml"`) {
		t.Errorf("no audit line:\n%s", stderr.String())
	}
}

// TestServeHTTPSubprocess serves HTTP on a loopback port with a token, calls a
// tool, checks that a request without the token is refused, then stops the
// server with SIGTERM.
func TestServeHTTPSubprocess(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte(serveToken), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "serve", "--http", "127.0.0.1:0", "--token-file", tokenFile)
	stderrPipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	logLines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stderrPipe)
		for sc.Scan() {
			logLines <- sc.Text()
		}
		close(logLines)
	}()
	url := waitForURL(t, logLines)

	if resp, err := http.Post(url, "application/json", strings.NewReader(`{}`)); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("request without token: %v %v", err, resp)
	}
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "test", Version: "1"}, nil).Connect(context.Background(),
		&sdk.StreamableClientTransport{Endpoint: url, HTTPClient: &http.Client{Transport: bearerTransport{serveToken}}, MaxRetries: -1, DisableStandaloneSSE: true}, nil)
	if err != nil {
		t.Fatalf("connect with token: %v", err)
	}
	res, err := cs.CallTool(context.Background(), &sdk.CallToolParams{Name: "convert_sigma_to_kql", Arguments: map[string]any{"sigma_yaml": serveRule}})
	if err != nil || res.IsError {
		t.Fatalf("convert: %v %+v", err, res)
	}
	cs.Close()

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	var rest []string
	for line := range logLines {
		rest = append(rest, line)
	}
	log := strings.Join(rest, "\n")
	if err := cmd.Wait(); err != nil {
		t.Errorf("server did not exit cleanly on SIGTERM: %v\n%s", err, log)
	}
	if strings.Contains(log, serveToken) {
		t.Errorf("the token appears in the log:\n%s", log)
	}
	if !strings.Contains(log, `"tool":"convert_sigma_to_kql"`) {
		t.Errorf("no audit line:\n%s", log)
	}
}

// waitForURL reads the server's start-up line and returns its endpoint.
func waitForURL(t *testing.T, lines <-chan string) string {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatal("server exited before listening")
			}
			var msg struct {
				URL string `json:"url"`
			}
			if json.Unmarshal([]byte(line), &msg) == nil && msg.URL != "" {
				return msg.URL
			}
		case <-timeout:
			t.Fatal("server did not start listening")
		}
	}
}

type bearerTransport struct{ token string }

func (b bearerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return http.DefaultTransport.RoundTrip(r)
}

// TestServeStdioSIGTERM stops a stdio server whose client keeps stdin open: it
// must exit 0 promptly rather than wait for EOF.
func TestServeStdioSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	cmd := exec.Command(buildBinary(t), "serve")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	io.WriteString(stdin, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`+"\n")
	if line, err := bufio.NewReader(stdout).ReadString('\n'); err != nil || !strings.Contains(line, `"id":1`) {
		t.Fatalf("no initialize response: %q %v", line, err)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v", err)
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatal("server still running 10 s after SIGTERM")
	}
}
