package convert

import (
	"runtime"
	"sync"
)

// Each calls fn(i) for every i in [0, n) on up to GOMAXPROCS goroutines and
// returns when all calls have finished. Callers write fn's results into slot i
// of a slice they own, so the output keeps input order whatever the schedule.
// Parsing and converting rule files are independent per file, and a corpus of
// thousands of files is the common case, so both use it.
func Each(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			fn(i)
		}
		return
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}
