# valgrind.mk — `make valgrind`: the criterion unit tests under memcheck, not
# part of `make test` (about 6.5 minutes on 2 cores; tests/e2e/valgrind.sh in
# `make test` runs the binary's --once/--json/--prometheus under it).
# Any memory error or definite leak fails the run. Forked children (workers,
# scenario processes, janitors) are checked too; programs the tests exec from
# /usr and /bin (the compiler, sh) are not ours and are not traced.
# A child the test kills while it is blocked in msgrcv/semop reports the
# buffer it was blocked with as lost: it died with it, and a death by
# signal does not count as a failure.

VALGRIND_FLAGS := -q --trace-children=yes --trace-children-skip='/usr/*,/bin/*,/sbin/*' \
	--leak-check=full --errors-for-leak-kinds=definite --error-exitcode=1

.PHONY: valgrind

valgrind: deps-test
	@$(MAKE) --no-print-directory all $(UNIT_BIN)
	$(IPC_NS) valgrind $(VALGRIND_FLAGS) ./$(UNIT_BIN)
