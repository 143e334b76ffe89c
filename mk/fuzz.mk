# fuzz.mk — libFuzzer targets for the parsers in src/ (tests/fuzz/fuzz_*.c),
# built with clang and ASan + UBSan into $(FUZZ_DIR).
#   make fuzz-build          build every target
#   make fuzz                run each for FUZZ_SECONDS (60), FUZZ_JOBS at a time,
#                            growing the working corpus in $(FUZZ_DIR)/corpus/
#   make fuzz FUZZ_TARGETS=cli FUZZ_SECONDS=600   one target, longer
# tests/e2e/fuzz.sh (part of `make test`) runs each for 10 s from the seeds.
# Targets: tests/fuzz/fuzz_<name>.c; list a new one in FUZZ_ALL.

# `make test` runs the fuzz smoke test, so clang and its libFuzzer runtime are
# test dependencies (tools/deps.sh installs them).
TEST_PKGS += clang libclang-rt-14-dev

FUZZ_CC      ?= $(shell command -v clang-14 2>/dev/null || echo clang)
FUZZ_DIR     ?= $(BUILD)/fuzz
FUZZ_SECONDS ?= 60
FUZZ_JOBS    ?= $(shell nproc 2>/dev/null || echo 1)
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS  ?= -std=c11 -g -O1 -Wall -Wextra
FUZZ_ALL_CFLAGS = $(FUZZ_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -Isrc -MMD -MP

# Every target links the whole core built with clang as an archive; the
# linker takes only the objects a target needs.
FUZZ_SRC_O   := $(SRC_C:%.c=$(FUZZ_DIR)/obj/%.o)
FUZZ_LIB     := $(FUZZ_DIR)/libipctop-fuzz.a

FUZZ_ALL     := parse_key parse_perms parse_size parse_long sysvipc_line hexedit cli \
                semspec payload attach_maps procinfo_stat nsinfo_link sigtable json_escape i18n_format \
                waiters_syscall tracepage
FUZZ_TARGETS ?= $(FUZZ_ALL)
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)

.PHONY: fuzz fuzz-build fuzz-list

$(FUZZ_DIR)/obj/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_ALL_CFLAGS) -c -o $@ $<

$(FUZZ_DIR)/obj/fuzz/%.o: tests/fuzz/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_ALL_CFLAGS) -D_GNU_SOURCE -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_SRC_O)
	@rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/obj/fuzz/fuzz_%.o $(FUZZ_LIB)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^

fuzz-build: $(FUZZ_BINS)

fuzz-list:
	@echo $(FUZZ_TARGETS)

fuzz: deps-test
	@$(MAKE) --no-print-directory fuzz-build
	FUZZ_JOBS=$(FUZZ_JOBS) ./tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_DIR) $(FUZZ_TARGETS)

-include $(wildcard $(FUZZ_DIR)/obj/*/*.d)
# Keep the harness objects: they are intermediate files of a pattern chain.
.SECONDARY: $(FUZZ_ALL:%=$(FUZZ_DIR)/obj/fuzz/fuzz_%.o)
