// Package experiment owns the paper's reference experiment (docs/model.md
// section 7) and its report: it runs the protocol (20 seeds of SSL from
// both initialisations and of SL), summarises the end points (means over
// the runs of per-run quantities — the weights, feature projections, probe
// accuracies, distance to the certified W* — with Student t intervals kept
// in each quantity's range, per basin where the runs end in several), draws
// the figures (every run's learning curves with each basin's mean, result
// scatters, projection histograms per group) and writes them with the raw
// trajectories and the verdicts of every claim at the same parameters,
// every JSON file recording the build (Settings.Build).
//
// experiment drives sim (the runs) and theory (the verdicts, the certified
// W*, the probes); it computes no model of its own and states no claim.
package experiment
