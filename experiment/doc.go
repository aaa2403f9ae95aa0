// Package experiment owns the paper's reference experiment (THEORY.md
// section 7) and its report: it runs the protocol (20 seeds of SSL from
// both initialisations and of SL), summarises the end points (means with 95%
// intervals of the weights, feature projections, probe accuracies, distance
// to the certified W*), draws the figures (learning curves with 95% bands,
// result scatters, projection histograms) and writes them with the raw
// trajectories and the verdicts of every claim at the same parameters.
//
// experiment drives sim (the runs) and theory (the verdicts, the certified
// W*, the probes); it computes no model of its own and states no claim.
package experiment
