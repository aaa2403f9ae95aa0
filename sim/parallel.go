package sim

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// ParallelFor calls f(i) for every i in [0, n) on workers goroutines (0 or
// less: GOMAXPROCS), each index once; progress, when not nil, is called
// from one goroutine at a time after each call with the number done and n.
// Results written by f to slot i do not depend on the number of workers,
// which is how the batch runner, the experiment and the phase sweeps stay
// bit-identical whatever the core count.
func ParallelFor(n, workers int, f func(i int), progress func(done, total int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var next atomic.Int64
	var mu sync.Mutex
	done := 0
	var wg sync.WaitGroup
	for range min(workers, max(n, 1)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				f(i)
				if progress != nil {
					mu.Lock()
					done++
					progress(done, n)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
}
