# bench.mk — `make bench`: ipctop against ipcs, lsipc, /proc/sysvipc and a
# raw *_STAT_ANY scan at 1k/10k/30k objects per kind, the pass over /proc
# (waiters, attaches) with 500 and 5000 processes, plus the interactive
# program against htop (BENCH_TUI=0 skips that part), and the cost of
# tracing (BENCH_TRACE=0 skips it). Not part of `make test`.
# Writes $(BUILD)/bench/report.md (the body of BENCHMARKS.md).
# Knobs: BENCH_RUNS, BENCH_SIZES, BENCH_TUI, BENCH_IDLE_SECONDS, BENCH_KEYS,
# BENCH_TRACE, BENCH_TRACE_SECONDS.

BENCH_DIR     := $(BUILD)/bench
BENCH_HELPERS := $(BENCH_DIR)/raw_scan $(BENCH_DIR)/populate $(BENCH_DIR)/timeit $(BENCH_DIR)/model_bench \
		 $(BENCH_DIR)/scan_cost $(BENCH_DIR)/trace_helper $(BENCH_DIR)/history_cost
BENCH_PKGS    := htop

.PHONY: bench bench-helpers

$(BENCH_DIR)/%: tests/bench/%.c tests/e2e/helpers/helper_common.h
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O2 -o $@ $<

# The list model's cost without the kernel, the cost of the pass over
# /proc (issue 14) and of the history (issue 16): built on the core library.
$(BENCH_DIR)/model_bench $(BENCH_DIR)/scan_cost $(BENCH_DIR)/history_cost: $(BENCH_DIR)/%: tests/bench/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O2 -Isrc -o $@ $< $(LIB)

# The tracing bench's load comes from the e2e tests' helper.
$(BENCH_DIR)/trace_helper: tests/e2e/helpers/trace_helper.c tests/e2e/helpers/helper_common.h
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O2 -o $@ $<

bench-helpers: $(BENCH_HELPERS)

bench: deps-test
	@./tools/deps.sh $(BENCH_PKGS)
	@$(MAKE) --no-print-directory all bench-helpers
	./tests/bench/bench.sh ./$(BIN) $(BENCH_DIR) $(BENCH_DIR)
