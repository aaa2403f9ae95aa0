package sim

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Objective is a differentiable function of a parameter vector, in the
// style of gonum's optimize.Problem. Implementations never modify x.
//
// Func, Grad and FuncGrad panic when a slice has the wrong length, as gonum
// does: that is a programming error, not bad user input. Every entry point
// that takes user input (constructors, Train, the JSON readers) validates it
// and returns a *ParamError instead.
type Objective interface {
	// Dim is the length of the parameter vector.
	Dim() int
	// Func returns the objective at x.
	Func(x []float64) float64
	// Grad stores the gradient at x in dst.
	Grad(dst, x []float64)
	// FuncGrad stores the gradient at x in dst and returns the objective.
	FuncGrad(dst, x []float64) float64
}

// HessianObjective is an Objective with an exact Hessian.
type HessianObjective interface {
	Objective
	// Hess stores the Hessian at x in dst, which must be Dim x Dim.
	Hess(dst *mat.SymDense, x []float64)
}

// checkLen panics unless len(x) == n (a programming error, see Objective).
func checkLen(name string, x []float64, n int) {
	if len(x) != n {
		panic(fmt.Sprintf("sim: len(%s) = %d, want %d", name, len(x), n))
	}
}

// checkHessDst panics unless dst is n x n.
func checkHessDst(dst *mat.SymDense, n int) {
	if dst.SymmetricDim() != n {
		panic(fmt.Sprintf("sim: Hessian destination is %d x %d, want %d x %d", dst.SymmetricDim(), dst.SymmetricDim(), n, n))
	}
}

// rowObjective is the per-row structure shared by every SSL objective: the
// two rows of W never interact (THEORY section 4), so value, gradient and
// Hessian are sums of per-row terms and the Hessian is block diagonal.
type rowObjective interface {
	rowFuncGrad(g, w []float64) float64 // g may be nil: value only
	rowHess(h *mat.SymDense, off int, w []float64)
}

// rowsFuncGrad evaluates a row objective on both rows of x (length 2d).
func rowsFuncGrad(r rowObjective, d int, dst, x []float64) float64 {
	checkLen("x", x, 2*d)
	var v float64
	for k := range 2 {
		var g []float64
		if dst != nil {
			checkLen("dst", dst, 2*d)
			g = dst[k*d : (k+1)*d]
		}
		v += r.rowFuncGrad(g, x[k*d:(k+1)*d])
	}
	return v
}

// rowsHess assembles the block-diagonal Hessian of a row objective.
func rowsHess(r rowObjective, d int, dst *mat.SymDense, x []float64) {
	checkLen("x", x, 2*d)
	checkHessDst(dst, 2*d)
	dst.Zero()
	for k := range 2 {
		r.rowHess(dst, k*d, x[k*d:(k+1)*d])
	}
}

// addSymOuter adds c * (u v^T + v u^T) to the block of h at offset off
// (upper triangle only: h is symmetric). With u == v it adds 2c u u^T.
func addSymOuter(h *mat.SymDense, off int, c float64, u, v []float64) {
	if c == 0 {
		return
	}
	for i := range u {
		for j := i; j < len(u); j++ {
			h.SetSym(off+i, off+j, h.At(off+i, off+j)+c*(u[i]*v[j]+v[i]*u[j]))
		}
	}
}

// addDiag adds c to the diagonal of the d x d block of h at offset off.
func addDiag(h *mat.SymDense, off, d int, c float64) {
	for i := range d {
		h.SetSym(off+i, off+i, h.At(off+i, off+i)+c)
	}
}

func dot(u, v []float64) float64 {
	var s float64
	for i, x := range u {
		s += x * v[i]
	}
	return s
}

// axpy sets y += a x.
func axpy(a float64, x, y []float64) {
	for i, v := range x {
		y[i] += a * v
	}
}

func norm(v []float64) float64 { return math.Sqrt(dot(v, v)) }
