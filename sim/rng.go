package sim

import (
	"math"
	"math/bits"
)

// A stream names one independent use of a run's seed. Deriving every use
// from (seed, stream) keeps them independent: drawing one more view never
// changes the dataset or the initial point of the same seed.
type stream uint64

const (
	streamData  stream = 0x9e3779b97f4a7c15 // dataset draws
	streamInit  stream = 0xbf58476d1ce4e5b9 // initial point draws
	streamViews stream = 0x94d049bb133111eb // augmentation views
	streamProbe stream = 0xd6e8feb86659fd93 // fresh points for linear probes
)

// splitmix64 is the output function of Steele, Lea and Flood's SplitMix64,
// the seeding procedure its authors recommend for xoshiro: it spreads
// nearby (seed, stream) pairs over unrelated states.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// rng is xoshiro256++ (Blackman and Vigna, "Scrambled linear pseudorandom
// number generators", ACM TOMS 2021) with a 256-layer ziggurat for normals.
//
// Why not math/rand/v2: generating the augmentation views is the floor of
// the reference protocol's cost (320 million normals), and rand.Rand's
// NormFloat64 costs 5.2 ns here through the Source interface, against about
// 2 ns for this concrete, inlinable generator (BenchmarkNormal). The
// distribution is tested in rng_test.go (moments, tails, Kolmogorov-Smirnov).
type rng struct{ s0, s1, s2, s3 uint64 }

// newStream returns the generator of one stream of a seed.
func newStream(seed uint64, s stream) *rng {
	x := seed ^ uint64(s)
	r := &rng{}
	x = splitmix64(x)
	r.s0 = x
	x = splitmix64(x)
	r.s1 = x
	x = splitmix64(x)
	r.s2 = x
	r.s3 = splitmix64(x)
	return r
}

// Uint64 returns 64 uniformly random bits.
func (r *rng) Uint64() uint64 {
	res := bits.RotateLeft64(r.s0+r.s3, 23) + r.s0
	t := r.s1 << 17
	r.s2 ^= r.s0
	r.s3 ^= r.s1
	r.s1 ^= r.s2
	r.s0 ^= r.s3
	r.s2 ^= t
	r.s3 = bits.RotateLeft64(r.s3, 45)
	return res
}

// Float64 returns a uniform number in [0, 1) with 53 random bits.
func (r *rng) Float64() float64 { return float64(r.Uint64()>>11) * 0x1p-53 }

// NormFloat64 returns a standard normal number (Marsaglia and Tsang's
// ziggurat, "The Ziggurat Method for Generating Random Variables", J. Stat.
// Softw. 5(8), 2000, with 256 layers). One 64-bit draw gives the layer (low
// 8 bits) and a signed 53-bit abscissa (high bits); 99% of draws return
// from the rectangle test without a second draw.
func (r *rng) NormFloat64() float64 {
	u := r.Uint64()
	i := u & 0xff
	j := int64(u) >> 11                        // uniform in [-2^52, 2^52)
	if uint64(j+zigK[i]) < uint64(2*zigK[i]) { // |j| < zigK[i], one branch
		return float64(j) * zigW[i]
	}
	return r.normalSlow(i, j)
}

// FillNormal fills dst with standard normal numbers: the same numbers as
// len(dst) calls of NormFloat64, with the rectangle test kept in the loop.
func (r *rng) FillNormal(dst []float64) {
	for k := range dst {
		u := r.Uint64()
		i := u & 0xff
		j := int64(u) >> 11
		if uint64(j+zigK[i]) < uint64(2*zigK[i]) {
			dst[k] = float64(j) * zigW[i]
			continue
		}
		dst[k] = r.normalSlow(i, j)
	}
}

// normalSlow finishes a draw that failed the rectangle test of layer i with
// abscissa j: the wedge test, or the tail for the base layer, then fresh
// draws until one is accepted.
func (r *rng) normalSlow(i uint64, j int64) float64 {
	for {
		if i == 0 {
			return r.normalTail(j < 0)
		}
		x := float64(j) * zigW[i]
		if zigF[i+1]+r.Float64()*(zigF[i]-zigF[i+1]) < math.Exp(-x*x/2) {
			return x
		}
		u := r.Uint64()
		i = u & 0xff
		j = int64(u) >> 11
		if uint64(j+zigK[i]) < uint64(2*zigK[i]) {
			return float64(j) * zigW[i]
		}
	}
}

// normalTail samples the normal tail beyond zigR (Marsaglia 1964).
func (r *rng) normalTail(negative bool) float64 {
	for {
		x := -math.Log(1-r.Float64()) / zigR
		y := -math.Log(1 - r.Float64())
		if 2*y >= x*x {
			if negative {
				return -(zigR + x)
			}
			return zigR + x
		}
	}
}

// The ziggurat tables. With f(x) = exp(-x^2/2), layer i spans [0, zigX[i]];
// zigX[0] = v/f(r) is the base layer's equivalent width (rectangle plus
// tail), zigX[1] = r, zigX[i+1] = f^-1(v/zigX[i] + f(zigX[i])), zigX[256] = 0.
const (
	zigLayers = 256
	zigR      = 3.6541528853610088 // right edge of the base rectangle
	zigV      = 4.92867323399e-3   // area of every layer
)

var (
	zigX [zigLayers + 1]float64
	zigF [zigLayers + 1]float64 // f(zigX[i])
	zigK [zigLayers]int64       // acceptance threshold: zigX[i+1]/zigX[i] * 2^52
	zigW [zigLayers]float64     // zigX[i] * 2^-52
)

func init() {
	f := func(x float64) float64 { return math.Exp(-x * x / 2) }
	zigX[0] = zigV / f(zigR)
	zigX[1] = zigR
	for i := 1; i < zigLayers-1; i++ {
		zigX[i+1] = math.Sqrt(-2 * math.Log(zigV/zigX[i]+f(zigX[i])))
	}
	zigX[zigLayers] = 0
	for i := range zigX {
		zigF[i] = f(zigX[i])
	}
	for i := range zigLayers {
		zigK[i] = int64(zigX[i+1] / zigX[i] * 0x1p52)
		zigW[i] = zigX[i] * 0x1p-52
	}
}
