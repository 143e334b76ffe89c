# ipctop — build, test and install. `make run` installs the missing packages
# that building and running need (BUILD_PKGS), `make test` also the test
# tools (TEST_PKGS); see tools/deps.sh. HACKING.md explains the layout.

.DEFAULT_GOAL := all

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR  := $(PREFIX)/bin
MANDIR  := $(PREFIX)/share/man/man1

CC      ?= cc
PKG_CONFIG ?= pkg-config
WARN    := -std=c11 -Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wstrict-prototypes -Wmissing-prototypes
OPT     ?= -O2 -g
CFLAGS  ?= $(OPT)
ALL_CFLAGS = $(WARN) $(CPPFLAGS) $(CFLAGS) -Isrc -MMD -MP
BUILD   ?= build

# Debian packages: what building and running ipctop need, and what the
# tests need on top (mk/*.mk add their own tools to TEST_PKGS).
BUILD_PKGS := build-essential pkg-config libncurses-dev gettext
TEST_PKGS  := libcriterion-dev tmux util-linux procps locales python3 aha chromium \
              fonts-dejavu-core valgrind jq

SRC_C   := $(sort $(wildcard src/*/*.c))
UI_C    := $(sort $(wildcard ui/*.c ui/*/*.c))
UNIT_C  := $(sort $(wildcard tests/unit/*.c))
SRC_O   := $(SRC_C:%.c=$(BUILD)/%.o)
UI_O    := $(UI_C:%.c=$(BUILD)/%.o)
UNIT_O  := $(UNIT_C:%.c=$(BUILD)/%.o)
LIB     := $(BUILD)/libipctop.a
BIN     ?= ipctop
UNIT_BIN := $(BUILD)/unit-tests

# pkg-config is queried lazily so `make deps` works before it is installed.
NCURSES_CFLAGS = $(shell $(PKG_CONFIG) --cflags ncursesw 2>/dev/null)
NCURSES_LIBS   = $(shell $(PKG_CONFIG) --libs ncursesw 2>/dev/null)
CRITERION_CFLAGS = $(shell $(PKG_CONFIG) --cflags criterion 2>/dev/null)
CRITERION_LIBS   = $(shell $(PKG_CONFIG) --libs criterion 2>/dev/null)

# Tests run in a private IPC namespace so the host's objects are never seen
# or touched: plain `unshare --ipc` as root, a user namespace otherwise.
IPC_NS := $(if $(filter 0,$(shell id -u)),unshare --ipc,unshare --user --map-root-user --ipc)

-include mk/*.mk

.PHONY: all run test unit e2e asan install uninstall clean deps deps-test check-core check-layers screenshots

all: check-core $(BIN) check-layers

# Linked beside and renamed: a running ipctop keeps its file (no "Text
# file busy"), and nobody ever runs a half-written binary.
$(BIN): $(UI_O) $(LIB)
	$(CC) $(ALL_CFLAGS) -o $@.tmp $(UI_O) $(LIB) $(NCURSES_LIBS) $(LDFLAGS)
	mv -f $@.tmp $@

$(LIB): $(SRC_O)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Wconversion -c -o $@ $<

$(BUILD)/ui/%.o: ui/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Iui $(NCURSES_CFLAGS) -c -o $@ $<

$(BUILD)/tests/unit/%.o: tests/unit/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes $(CRITERION_CFLAGS) -c -o $@ $<

$(UNIT_BIN): $(UNIT_O) $(LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $(UNIT_O) $(LIB) $(CRITERION_LIBS) $(LDFLAGS)

# The core must stay curses-free: drawing belongs in ui/.
check-core:
	@if grep -lE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](n?curses|ncursesw/|term\.h|panel\.h|form\.h|menu\.h)' src/*/*.c src/*/*.h; then \
		echo "error: the files above in src/ include curses; the core must stay curses-free" >&2; exit 1; fi

# From the objects (nm): src/ never calls into ui/, and no file of ui/
# calls another that calls it back (tsort finds the loop); see the script.
check-layers: $(BIN)
	@sh tools/check_layers.sh $(BUILD)

deps:
	@./tools/deps.sh $(BUILD_PKGS)

deps-test:
	@./tools/deps.sh $(BUILD_PKGS) $(TEST_PKGS)

run: deps
	@$(MAKE) --no-print-directory all
	./$(BIN)

test: deps-test
	@$(MAKE) --no-print-directory all $(UNIT_BIN)
	$(IPC_NS) ./tests/run.sh $(BUILD) ./$(BIN)

# One part of the suite: `make unit` (criterion; T='suite/*' or T='suite/test'
# picks tests), `make e2e` (every script) or `make e2e T=tui_list` (one).
unit: deps-test
	@$(MAKE) --no-print-directory all $(UNIT_BIN)
	$(IPC_NS) ./tests/run.sh $(BUILD) ./$(BIN) unit $(T)

e2e: deps-test
	@$(MAKE) --no-print-directory all $(UNIT_BIN)
	$(IPC_NS) ./tests/run.sh $(BUILD) ./$(BIN) e2e $(T)

# ASan + UBSan build of everything, running the whole suite.
asan: deps-test
	@$(MAKE) --no-print-directory BUILD=build-asan BIN=build-asan/ipctop \
		OPT="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
		LDFLAGS="-fsanitize=address,undefined" all build-asan/unit-tests
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tools/lsan.supp \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		$(IPC_NS) ./tests/run.sh build-asan ./build-asan/ipctop

screenshots: deps-test
	@$(MAKE) --no-print-directory all
	@./tools/screenshots.sh ./$(BIN) screenshots

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)
	install -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/ipctop
	install -m 0644 doc/ipctop.1 $(DESTDIR)$(MANDIR)/ipctop.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/ipctop $(DESTDIR)$(MANDIR)/ipctop.1

clean:
	rm -rf build build-asan $(BIN)

-include $(SRC_O:.o=.d) $(UI_O:.o=.d) $(UNIT_O:.o=.d)
