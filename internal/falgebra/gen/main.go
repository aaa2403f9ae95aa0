// Command gen writes sim's float64 derivatives of F = T^2
// (sim/fderivs_gen.go) from the tables of internal/falgebra:
//
//	go generate ./sim
package main

import (
	"log"
	"os"

	"github.com/nlssl/nlssl/internal/falgebra"
)

func main() {
	src, err := falgebra.Float64Source("sim")
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("fderivs_gen.go", src, 0o644); err != nil {
		log.Fatal(err)
	}
}
