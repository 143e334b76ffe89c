# lint.mk — `make lint`: static analysis of src/ and ui/, not part of
# `make test`. Ends with exit 0 only when both tools are clean.
#   cppcheck 2.10: --enable=warning,performance,portability, suppressions
#                  (with reasons) in tools/lint/cppcheck.supp
#   clang-tidy-14: checks in .clang-tidy (justified there), reviewed
#                  findings in tools/lint/tidy-known.txt; tools/lint/tidy.sh
# Knobs: LINT_JOBS (nproc), CLANG_TIDY (clang-tidy-14), CPPCHECK (cppcheck).
# `make lint-cppcheck` or `make lint-tidy` runs one of them.

CPPCHECK   ?= cppcheck
CLANG_TIDY ?= clang-tidy-14
LINT_JOBS  ?= $(shell nproc 2>/dev/null || echo 1)
LINT_PKGS  := cppcheck clang-tidy-14

.PHONY: lint lint-deps lint-cppcheck lint-tidy

lint-deps:
	@./tools/deps.sh $(LINT_PKGS) pkg-config libncurses-dev

lint: lint-deps
	@$(MAKE) --no-print-directory -k lint-cppcheck lint-tidy

# ui/ gets ncursesw's flags; -D__linux__ -D__GNUC__ checks the one
# configuration we build instead of every #ifdef combination.
lint-cppcheck:
	$(CPPCHECK) --std=c11 --enable=warning,performance,portability --library=posix \
		--inline-suppr --suppressions-list=tools/lint/cppcheck.supp \
		--quiet --error-exitcode=1 -j $(LINT_JOBS) \
		-D__linux__ -D__GNUC__ $(NCURSES_CFLAGS) -Isrc -Iui src ui
	@echo "cppcheck: clean"

lint-tidy:
	CLANG_TIDY=$(CLANG_TIDY) LINT_JOBS=$(LINT_JOBS) ./tools/lint/tidy.sh
