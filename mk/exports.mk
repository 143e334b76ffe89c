# exports.mk — the tools tests/e2e/exports.sh checks the exports with:
# promtool (Debian's prometheus package; the tests start no server),
# node_exporter (prometheus-node-exporter, started on a loopback port and
# stopped by the test), python3-jsonschema for doc/ipctop-json.schema.json,
# and strace, which counts the semctl calls of tests/e2e/semwait_cost.sh.
TEST_PKGS += prometheus prometheus-node-exporter python3-jsonschema
TEST_PKGS += strace

# `make bench-exports`: what the wait counts cost --prometheus and --watch
# (tests/bench/exports.sh; BENCH_BEFORE=an older ipctop adds the "before"
# row). Not part of `make test`.
.PHONY: bench-exports
bench-exports: deps-test
	@$(MAKE) --no-print-directory all bench-helpers
	./tests/bench/exports.sh ./$(BIN) $(BENCH_DIR) $(BENCH_DIR)
