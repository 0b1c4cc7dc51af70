package main

import (
	"context"
	"os/exec"
	"runtime/debug"
	"slices"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// BenchmarkConvertRoundTripStdio measures what an agent waits for: one
// convert_sigma_to_kql call on a typical rule, from the client's request to the
// decoded result, through a real "sigmakql serve" subprocess over stdio. It
// reports the median and 99th percentile latency.
func BenchmarkConvertRoundTripStdio(b *testing.B) {
	bin := buildBinary(b)
	cmd := exec.Command(bin, "serve")
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "bench", Version: "1"}, nil).
		Connect(context.Background(), &sdk.CommandTransport{Command: cmd}, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer cs.Close()
	params := &sdk.CallToolParams{Name: "convert_sigma_to_kql", Arguments: map[string]any{"sigma_yaml": serveRule}}
	ctx := context.Background()
	if _, err := cs.CallTool(ctx, params); err != nil { // warm up: first use loads the schema
		b.Fatal(err)
	}
	// The client's own collector is no part of the server's latency; keep it as
	// rare as the server's (see gcPercent).
	defer debug.SetGCPercent(debug.SetGCPercent(gcPercent))
	latencies := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		res, err := cs.CallTool(ctx, params)
		latencies = append(latencies, time.Since(start))
		if err != nil || res.IsError {
			b.Fatalf("convert: %v %+v", err, res)
		}
	}
	b.StopTimer()
	slices.Sort(latencies)
	b.ReportMetric(ms(percentile(latencies, 50)), "p50-ms")
	b.ReportMetric(ms(percentile(latencies, 99)), "p99-ms")
}

func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, len(sorted)*p/100)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
