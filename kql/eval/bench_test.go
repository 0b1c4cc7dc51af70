package eval

import (
	"context"
	"fmt"
	"testing"
)

// detectionQuery is shaped like the backend's output for a process-creation
// rule on WindowsEvent.
const detectionQuery = `WindowsEvent
| where EventID == 1 and Provider =~ "Microsoft-Windows-Sysmon"
| where (tostring(EventData.Image) endswith @'\rundll32.exe'
        or tostring(EventData.OriginalFileName) =~ "RUNDLL32.EXE")
    and (tostring(EventData.CommandLine) contains "javascript:"
        or tostring(EventData.CommandLine) contains ".RegisterXLL"
        or tostring(EventData.CommandLine) matches regex @'(?i)shell32\.dll.{0,10}Control_RunDLL')
    and tostring(EventData.ParentImage) !in~ (@'C:\Windows\explorer.exe', @'C:\Windows\System32\svchost.exe')`

// windowsEvents builds n WindowsEvent rows, one in 50 matching detectionQuery.
func windowsEvents(n int) *Table {
	t := &Table{Columns: []Column{
		{"TimeGenerated", TypeDatetime}, {"Computer", TypeString}, {"Provider", TypeString},
		{"EventID", TypeInt}, {"EventData", TypeDynamic},
	}}
	for i := 0; i < n; i++ {
		image, cmd := fmt.Sprintf(`C:\Program Files\App%d\app.exe`, i%97), fmt.Sprintf("app.exe --run %d", i)
		if i%50 == 0 {
			image, cmd = `C:\Windows\System32\rundll32.exe`, "rundll32.exe javascript:alert(1)"
		}
		t.Rows = append(t.Rows, []Value{
			Datetime(TicksOf(fixedClock()) - int64(i)*ticksPerSecond), String(fmt.Sprintf("host%d", i%13)),
			String("Microsoft-Windows-Sysmon"), Int(1),
			Dynamic(map[string]any{"Image": image, "CommandLine": cmd, "ParentImage": `C:\Windows\explorer2.exe`, "ProcessId": int64(i)}),
		})
	}
	return t
}

// BenchmarkDetectionQuery reports rows/s of a compiled detection query over
// 100,000 WindowsEvent rows.
func BenchmarkDetectionQuery(b *testing.B) {
	db := Database{"WindowsEvent": windowsEvents(100_000)}
	p, err := Compile(mustParse(b, detectionQuery))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := p.Run(context.Background(), db, Options{})
		if err != nil || len(res.Rows) != 2000 {
			b.Fatalf("rows %v, err %v", res, err)
		}
	}
	b.ReportMetric(float64(100_000*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkOneRowTables is the differential test's shape: one compiled query
// run over many single-event tables.
func BenchmarkOneRowTables(b *testing.B) {
	all := windowsEvents(1000)
	dbs := make([]Database, len(all.Rows))
	for i, row := range all.Rows {
		dbs[i] = Database{"WindowsEvent": {Columns: all.Columns, Rows: [][]Value{row}}}
	}
	p, err := Compile(mustParse(b, detectionQuery))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := p.Run(context.Background(), dbs[i%len(dbs)], Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "runs/s")
}
