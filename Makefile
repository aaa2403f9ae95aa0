# nlssl developer targets. Every target installs what it needs through the
# Go module proxy; nothing is assumed beyond Go itself.
GO        ?= go
FUZZTIME  ?= 30s
CHECKS    ?= 1000
BENCHTIME ?= 1s
TMPDIR    ?= /tmp
BENCHSTAT  = $(GO) run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da

.PHONY: test vet bench fuzz deep reproduce figures phase-maps prove-map ci mutants

## test: the theorem checker and unit tests (the README's test command)
test:
	$(GO) test ./...

## vet: go vet and staticcheck (pinned, fetched through the module proxy) on every package
vet:
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

## bench: every benchmark, 6 times, summarised by benchstat (bench.txt keeps the raw data)
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) -count 6 ./... | tee bench.txt
	$(BENCHSTAT) bench.txt

## fuzz: every fuzz target in turn for FUZZTIME each; fails if any target finds a failure
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "== $$pkg $$t ($(FUZZTIME))"; \
	    $(GO) test -run '^$$' -fuzz "^$$t\$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; \
	done

## deep: every rapid property with CHECKS (default 1000) cases instead of 100; NLSSL_MAX_D=64 widens the claims' dimensions
deep:
	RAPID_CHECKS=$(CHECKS) $(GO) test -count=1 -timeout 60m ./properties/... ./sim/... ./interval/...

## reproduce: the paper's reference experiment at the default settings, into out/
reproduce:
	$(GO) run ./cmd/nlssl reproduce --out out

## figures: regenerate docs/ (the figures, summary and verdicts the README shows; a test checks it)
figures:
	$(GO) run ./cmd/nlssl reproduce --out docs --no-trajectories --build-record release --quiet > /dev/null

## phase-maps: regenerate docs/phase (the README's maps: simplified 64x64, checked by a test; full 16x16, ~150 CPU-seconds)
phase-maps:
	rm -rf docs/phase/simplified docs/phase/full && mkdir -p docs/phase/simplified docs/phase/full
	$(GO) run ./cmd/nlssl phase --mode simplified --out $(TMPDIR)/nlssl-phase-simplified --quiet
	cp $(TMPDIR)/nlssl-phase-simplified/map-*.png $(TMPDIR)/nlssl-phase-simplified/boundaries.csv docs/phase/simplified/
	$(GO) run ./cmd/nlssl phase --mode full --x tau:0.25:20:16:log --y decay:0.0003125:0.05:16:log --out $(TMPDIR)/nlssl-phase-full
	cp $(TMPDIR)/nlssl-phase-full/map-*.png $(TMPDIR)/nlssl-phase-full/boundaries.csv $(TMPDIR)/nlssl-phase-full/phase.csv docs/phase/full/

## prove-map: regenerate docs/phase/prove (prove mode, 12x12 at d = 10: C1 and C2 proved over the near region; ~40 CPU-minutes)
prove-map:
	rm -rf docs/phase/prove && mkdir -p docs/phase/prove
	$(GO) run ./cmd/nlssl phase --mode prove --x tau:0.25:20:12:log --y decay:0.0003125:0.05:12:log --out $(TMPDIR)/nlssl-phase-prove
	cp $(TMPDIR)/nlssl-phase-prove/map-*.png $(TMPDIR)/nlssl-phase-prove/boundaries.csv $(TMPDIR)/nlssl-phase-prove/phase.csv docs/phase/prove/

## ci: what CI runs on a clean clone
ci:
	bash .ci/run

## mutants: apply deliberate bugs to a scratch copy and check the tests catch each
mutants:
	$(GO) run ./scripts/mutants
