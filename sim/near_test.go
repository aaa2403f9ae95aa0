package sim

import (
	"encoding/json"
	"math"
	"os"
	"testing"
)

// nearGolden is testdata/near-init.json: initial points of init near as
// nlssl train --write-init wrote them before the region had a type.
type nearGolden struct {
	Cases []struct {
		D    int       `json:"d"`
		Tau  float64   `json:"tau"`
		Seed uint64    `json:"seed"`
		W    []float64 `json:"w"`
	} `json:"cases"`
}

func readNearGolden(t *testing.T) nearGolden {
	t.Helper()
	b, err := os.ReadFile("testdata/near-init.json")
	if err != nil {
		t.Fatal(err)
	}
	var g nearGolden
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	if len(g.Cases) == 0 {
		t.Fatal("no cases")
	}
	return g
}

// sameFloats reports whether x and y hold bit-identical numbers.
func sameFloats(x, y []float64) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if math.Float64bits(x[i]) != math.Float64bits(y[i]) {
			return false
		}
	}
	return true
}

// TestNearInitGolden: Initialise(InitNear, ...) draws the same bits as
// before (seeds 1..20 at d = 10, tau = 7; seeds 1..3 at d = 4, tau = 0.5).
func TestNearInitGolden(t *testing.T) {
	for _, c := range readNearGolden(t).Cases {
		p, err := Initialise(InitNear, c.D, c.Tau, c.Seed)
		if err != nil {
			t.Fatal(err)
		}
		if !sameFloats(p.W, c.W) {
			t.Errorf("d = %d, tau = %g, seed %d: Initialise gives %v, want %v", c.D, c.Tau, c.Seed, p.W, c.W)
		}
	}
}

// TestNearSampleGolden: NearRegion.Sample draws the golden bits too.
func TestNearSampleGolden(t *testing.T) {
	for _, c := range readNearGolden(t).Cases {
		w, err := NearRegion{D: c.D, Tau: c.Tau}.Sample(c.Seed)
		if err != nil {
			t.Fatal(err)
		}
		if !sameFloats(w, c.W) {
			t.Errorf("d = %d, tau = %g, seed %d: Sample gives %v, want %v", c.D, c.Tau, c.Seed, w, c.W)
		}
	}
}

// TestNearSampleContained: Sample's draws lie in the region (for these
// seeds no N(0, 1) coordinate exceeds 5), and so does the centre.
func TestNearSampleContained(t *testing.T) {
	for _, d := range []int{2, 3, 10, 50} {
		for _, tau := range []float64{0.25, 1, 7, 1e3} {
			n := NearRegion{D: d, Tau: tau}
			for seed := uint64(1); seed <= 200; seed++ {
				w, err := n.Sample(seed)
				if err != nil {
					t.Fatal(err)
				}
				if !n.Contains(w) {
					t.Fatalf("d = %d, tau = %g, seed %d: Sample %v is not in the region", d, tau, seed, w)
				}
			}
			if c := n.Centre(); !n.Contains(c) {
				t.Errorf("d = %d, tau = %g: the centre %v is not in the region", d, tau, c)
			}
		}
	}
}

// TestNearContainsFaces: every face is in the region and the next float64
// beyond it is not; so are wrong lengths, NaN and infinities.
func TestNearContainsFaces(t *testing.T) {
	const d, tau = 4, 7.0
	n := NearRegion{D: d, Tau: tau}
	alo, ahi := n.A()
	blo, bhi := n.B()
	if alo != 3.1 || ahi != 3.9 || blo != 8.5/tau || bhi != 9/tau || n.Other() != 5 {
		t.Fatalf("A = [%v, %v], B = [%v, %v], Other = %v", alo, ahi, blo, bhi, n.Other())
	}
	up, down := math.Inf(1), math.Inf(-1)
	faces := []struct {
		name   string
		i      int
		lo, hi float64
	}{
		{"w1^(1)", 0, alo, ahi}, {"w2^(1)", d, -ahi, -alo}, {"w1^(2)", 1, blo, bhi}, {"w2^(2)", d + 1, blo, bhi},
		{"w1^(3)", 2, -5, 5}, {"w1^(4)", 3, -5, 5}, {"w2^(3)", d + 2, -5, 5}, {"w2^(4)", d + 3, -5, 5},
	}
	for _, f := range faces {
		for _, c := range []struct {
			x    float64
			want bool
		}{
			{f.lo, true}, {f.hi, true}, {math.Nextafter(f.lo, down), false}, {math.Nextafter(f.hi, up), false},
			{math.NaN(), false}, {up, false}, {down, false},
		} {
			w := n.Centre()
			w[f.i] = c.x
			if got := n.Contains(w); got != c.want {
				t.Errorf("%s = %v: Contains = %v, want %v", f.name, c.x, got, c.want)
			}
		}
	}
	c := n.Centre()
	if want := []float64{3.5, 8.75 / tau, 0, 0, -3.5, 8.75 / tau, 0, 0}; !sameFloats(c, want) {
		t.Errorf("Centre = %v, want %v", c, want)
	}
	for _, w := range [][]float64{nil, c[:2*d-1], append(c, 0)} {
		if n.Contains(w) {
			t.Errorf("a W of length %d is in the region of d = %d", len(w), d)
		}
	}
	if (NearRegion{D: 1, Tau: tau}).Contains([]float64{3.5, -3.5}) {
		t.Error("d = 1 has a region")
	}
}

// TestNearSampleErrors: Sample refuses what Initialise refuses.
func TestNearSampleErrors(t *testing.T) {
	for _, n := range []NearRegion{{D: 1, Tau: 7}, {D: 10, Tau: 0}, {D: 10, Tau: -1}, {D: 10, Tau: math.NaN()}} {
		if w, err := n.Sample(1); err == nil {
			t.Errorf("%+v: Sample gives %v, want an error", n, w)
		}
	}
}

func TestNearString(t *testing.T) {
	const want = "w1^(1) in [3.1, 3.9], w2^(1) in [-3.9, -3.1], w1^(2), w2^(2) in [8.5, 9]/tau = [1.21, 1.29] (tau = 7), |w_k^(j)| <= 5 for j >= 3 (d = 10)"
	if got := (NearRegion{D: 10, Tau: 7}).String(); got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
}
