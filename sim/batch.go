package sim

// Job is one run of a batch: a configuration and, optionally, its dataset
// and initial point (nil: drawn from the configuration's seed).
type Job struct {
	Config Config
	Data   *Dataset
	Init   *InitialPoint
}

// RunBatch runs the jobs on `workers` goroutines (0 means GOMAXPROCS) and
// returns their records and errors in job order. Each job is computed by one
// goroutine from its own seed, so the results are bit-identical whatever the
// number of workers. progress, when not nil, is called (from one goroutine
// at a time) after each finished job with the number done and the total.
func RunBatch(jobs []Job, workers int, progress func(done, total int)) ([]*RunRecord, []error) {
	recs := make([]*RunRecord, len(jobs))
	errs := make([]error, len(jobs))
	ParallelFor(len(jobs), workers, func(i int) {
		j := jobs[i]
		recs[i], errs[i] = Run(j.Config, j.Data, j.Init, nil)
	}, progress)
	return recs, errs
}

// ReferenceProtocol returns the jobs of THEORY section 7 with the given
// per-model configurations: for each seed 1..seeds, SSL from InitNear, SSL
// from InitSigns (both with ssl's other settings) and SL (with sl's). The
// three runs of one seed share the dataset (same seed, same data stream).
func ReferenceProtocol(ssl, sl Config, seeds int) []Job {
	jobs := make([]Job, 0, 3*seeds)
	for s := 1; s <= seeds; s++ {
		near, signs, sup := ssl, ssl, sl
		near.Seed, signs.Seed, sup.Seed = uint64(s), uint64(s), uint64(s)
		near.Init, signs.Init = InitNear, InitSigns
		jobs = append(jobs, Job{Config: near}, Job{Config: signs}, Job{Config: sup})
	}
	return jobs
}
