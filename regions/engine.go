package regions

import (
	"errors"

	"github.com/nlssl/nlssl/sim"
)

// engine evaluates enclosures for the branch-and-prune searches: in
// batches, in parallel, and with the results consumed in the order of the
// boxes, so that every search is a pure function of its input whatever
// the number of workers (each enclosure is a pure function of its box).
type engine struct {
	obj      Objective
	workers  int
	budget   int // enclosures left
	used     int
	progress func(done, left int)
	done     int // boxes decided, for progress
}

// errBudget is returned when the enclosure budget is spent.
var errBudget = errors.New("the enclosure budget (Settings.MaxEnclosures) is spent")

// batchSize is the number of boxes enclosed together: enough to keep the
// workers busy, small enough that a search that stops early wastes little.
const batchSize = 32

// enclose returns one enclosure, counting it against the budget.
func (e *engine) enclose(x Box) (Enclosure, error) {
	if e.budget <= 0 {
		return Enclosure{}, errBudget
	}
	e.budget--
	e.used++
	return e.obj.Enclose(x)
}

// decision is what a search does with a box once its enclosure is known.
type decision struct {
	children []Box // boxes to examine later (in this order)
	stop     bool  // end the search now
}

// run examines the roots and every child they produce, breadth first
// (children go to the back of the queue) or, with depthFirst, depth first
// (the batch is taken from the back, where the children go, so a search
// reaches fine boxes, and the failures there, early):
// boxes are enclosed batchSize at a time in parallel and decide sees them
// one at a time in their order. decide may itself call e.enclose (it runs
// on one goroutine). It returns errBudget if the budget ran out, or the
// first enclosure error.
func (e *engine) run(roots []Box, depthFirst bool, decide func(x Box, enc Enclosure) decision) error {
	queue := append([]Box(nil), roots...)
	for len(queue) > 0 {
		k := min(batchSize, len(queue))
		if e.budget < k {
			return errBudget
		}
		var batch, rest []Box
		if depthFirst {
			batch, rest = queue[len(queue)-k:], queue[:len(queue)-k]
		} else {
			batch, rest = queue[:k], queue[k:]
		}
		encs := make([]Enclosure, k)
		errs := make([]error, k)
		sim.ParallelFor(k, e.workers, func(i int) { encs[i], errs[i] = e.obj.Enclose(batch[i]) }, nil)
		e.budget -= k
		e.used += k
		var next []Box
		for i, x := range batch {
			if errs[i] != nil {
				return errs[i]
			}
			d := decide(x, encs[i])
			e.done++
			if d.stop {
				return nil
			}
			next = append(next, d.children...)
		}
		queue = append(append([]Box(nil), rest...), next...)
		if e.progress != nil {
			e.progress(e.done, len(queue))
		}
	}
	return nil
}
