// Package sim owns the model of the paper "Understanding Representation
// Learnability of Nonlinear Self-Supervised Learning" (THEORY.md sections
// 1-7): the data distribution and its reproducible sampling, the augmentation
// views, the numerically stable sigmoid, the SSL objective at its three
// fidelities (stochastic, expected over augmentations, population), the
// simplified objective L~, the SL objective, the trainers, the
// initialisations, the feature metrics and the versioned JSON formats.
//
// sim knows models, objectives and gradients, and nothing of the claims that
// are made about them: package theory states those on top of sim. sim must
// not import theory, properties, fuzz or cmd.
//
// Conventions used throughout:
//
//   - A weight matrix W (2 x d) is a []float64 of length 2d, row-major: w1
//     then w2. The SL state is W followed by F (length 2d+2).
//   - Objectives follow gonum's optimize: Func(x), Grad(dst, x),
//     Hess(dst, x); the destination comes first and x is never modified.
//   - The SSL objective L is MAXIMISED (gradient ascent); the SL loss is
//     minimised (gradient descent). Sums run over the n points, so the step
//     size eta multiplies a gradient that grows with n (THEORY section 1).
//   - Randomness comes from seeded xoshiro256++ streams (rng.go), one per
//     use of the seed (data, initial point, views, probes); the same seed
//     gives the same bits whatever GOMAXPROCS is (parallelism is across runs, never inside a
//     floating-point sum).
package sim
