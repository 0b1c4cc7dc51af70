package mcp

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// HTTPConfig says where and for whom the streamable HTTP transport listens.
type HTTPConfig struct {
	// Addr is host:port. An empty host means the loopback interface, never all
	// interfaces.
	Addr string
	// AllowRemote permits a non-loopback address; it requires Token.
	AllowRemote bool
	// Token, when set, must be presented as "Authorization: Bearer TOKEN" on every
	// request.
	Token string
}

// MinTokenLength is the shortest bearer token accepted for remote serving.
const MinTokenLength = 16

// ErrRemoteRefused is returned when a non-loopback address is requested without
// AllowRemote and a token.
var ErrRemoteRefused = errors.New("refusing to listen on a non-loopback address without --allow-remote and --token-file")

// Listen checks cfg against the loopback policy (CheckAddr) and opens the
// listener.
func Listen(cfg HTTPConfig) (net.Listener, error) {
	addr, err := CheckAddr(cfg)
	if err != nil {
		return nil, err
	}
	return net.Listen("tcp", addr)
}

// CheckAddr returns the address to listen on: cfg.Addr with an empty host made
// 127.0.0.1. It refuses a non-loopback address unless remote serving is allowed
// and protected by a token of at least MinTokenLength bytes.
func CheckAddr(cfg HTTPConfig) (string, error) {
	addr, err := loopbackDefault(cfg.Addr)
	if err != nil {
		return "", err
	}
	if !isLoopback(addr) && (!cfg.AllowRemote || cfg.Token == "") {
		return "", fmt.Errorf("%s: %w", addr, ErrRemoteRefused)
	}
	if cfg.Token != "" && len(cfg.Token) < MinTokenLength {
		return "", fmt.Errorf("the bearer token is %d bytes; use at least %d", len(cfg.Token), MinTokenLength)
	}
	return addr, nil
}

// loopbackDefault fills in 127.0.0.1 when addr has no host.
func loopbackDefault(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("--http %q: want HOST:PORT or :PORT: %v", addr, err)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port), nil
}

// isLoopback reports whether a host:port names only the loopback interface. A
// host name other than localhost counts as remote: it may resolve anywhere.
func isLoopback(addr string) bool {
	host, _, _ := net.SplitHostPort(addr)
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// HTTPHandler returns the streamable HTTP handler for s, behind a bearer-token
// check when token is not empty.
func (s *Server) HTTPHandler(token string) http.Handler {
	h := sdk.NewStreamableHTTPHandler(func(*http.Request) *sdk.Server { return s.sdk },
		&sdk.StreamableHTTPOptions{Logger: s.logger, SessionTimeout: 30 * time.Minute})
	if token == "" {
		return h
	}
	return requireBearer(token, h)
}

// requireBearer answers 401 unless the request carries the token. Both sides are
// hashed before the constant-time comparison so that neither the token's content
// nor its length leaks through timing.
func requireBearer(token string, next http.Handler) http.Handler {
	want := sha256.Sum256([]byte(token))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		sum := sha256.Sum256([]byte(got))
		if !ok || subtle.ConstantTimeCompare(sum[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="sigmakql"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// ServeStreamableHTTP serves the streamable HTTP transport on ln until ctx is cancelled,
// then shuts down gracefully: in-flight requests get shutdownGrace to finish,
// after which the remaining connections (idle streams a client left open) are
// closed.
func (s *Server) ServeStreamableHTTP(ctx context.Context, ln net.Listener, token string) error {
	srv := &http.Server{Handler: s.HTTPHandler(token), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	grace, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(grace); err != nil {
		s.logger.Warn("HTTP shutdown: closing connections still open", "error", err.Error())
		srv.Close()
	}
	return nil
}

// shutdownGrace bounds how long ServeStreamableHTTP waits for in-flight requests.
const shutdownGrace = 3 * time.Second
