# i18n.mk — gettext catalogues (text domain "ipctop"): po/LANG.po compiled
# with `msgfmt -c` into $(BUILD)/locale/LANG/LC_MESSAGES/ipctop.mo by `all`,
# installed to $(DESTDIR)$(LOCALEDIR) by `make install`.
#   make pot        regenerate po/ipctop.pot from the _() / N_() texts
#   make po-update  pot, then merge it into every po/LANG.po (msgmerge)
#   make po-stats   msgfmt --statistics of every catalogue
# Where the binary looks (ui/main.c): $IPCTOP_LOCALEDIR, else the build
# tree's locale dir when it runs from the build tree, else $(LOCALEDIR).
# English is the msgids themselves: there is no catalogue for C/en.

# BUILD_PKGS (Makefile) has gettext (msgfmt, xgettext), TEST_PKGS locales: the e2e
# test needs the zh_CN.UTF-8 locale (tests/e2e/i18n.sh generates it).

LOCALEDIR ?= $(PREFIX)/share/locale
MSGFMT    ?= msgfmt
XGETTEXT  ?= xgettext
MSGMERGE  ?= msgmerge

PO_FILES  := $(sort $(wildcard po/*.po))
PO_LANGS  := $(basename $(notdir $(PO_FILES)))
I18N_MOS  := $(PO_LANGS:%=$(BUILD)/locale/%/LC_MESSAGES/ipctop.mo)

# The build tree's locale dir as seen from the binary's directory:
# "build/locale" for ./ipctop, "locale" for build-asan/ipctop.
I18N_REL  := $(shell realpath -m --relative-to=$(dir $(abspath $(BIN))) $(abspath $(BUILD))/locale)
I18N_DEFS := -DLOCALEDIR='"$(LOCALEDIR)"' -DIPCTOP_LOCALEDIR_REL='"$(I18N_REL)"'

.PHONY: pot po-update po-stats install-locale uninstall-locale i18n-defs-check

all: $(I18N_MOS)
install: install-locale
uninstall: uninstall-locale

$(BUILD)/locale/%/LC_MESSAGES/ipctop.mo: po/%.po
	@mkdir -p $(dir $@)
	$(MSGFMT) -c -o $@.tmp $<
	@mv -f $@.tmp $@

# main.c carries the directories: it is rebuilt when they change (e.g.
# `make install PREFIX=/opt`), through a file holding them.
$(BUILD)/i18n.defs: i18n-defs-check
	@:
i18n-defs-check:
	@mkdir -p $(BUILD)
	@echo '$(LOCALEDIR) $(I18N_REL)' | cmp -s - $(BUILD)/i18n.defs || echo '$(LOCALEDIR) $(I18N_REL)' > $(BUILD)/i18n.defs
$(BUILD)/ui/main.o: $(BUILD)/i18n.defs
$(BUILD)/ui/main.o: ALL_CFLAGS += $(I18N_DEFS)

pot:
	$(XGETTEXT) --from-code=UTF-8 --language=C -k_ -kN_ -kC_:1c,2 -kP_:1,2 --add-comments=TRANSLATORS: \
		--package-name=ipctop --package-version="$$(sed -nE 's/.*IPCTOP_VERSION "([^"]*)".*/\1/p' src/config/cli.h)" \
		--msgid-bugs-address="see README.md" --sort-by-file -o po/ipctop.pot $(sort $(wildcard src/*/*.c ui/*.c ui/*/*.c))

po-update: pot
	@for po in $(PO_FILES); do echo "msgmerge $$po"; $(MSGMERGE) -q --update --backup=none --no-fuzzy-matching $$po po/ipctop.pot || exit 1; done

po-stats:
	@for po in $(PO_FILES); do printf '%s: ' $$po; $(MSGFMT) -c --statistics -o /dev/null $$po; done

install-locale: $(I18N_MOS)
	@for lang in $(PO_LANGS); do \
		echo "install $(DESTDIR)$(LOCALEDIR)/$$lang/LC_MESSAGES/ipctop.mo"; \
		install -d $(DESTDIR)$(LOCALEDIR)/$$lang/LC_MESSAGES && \
		install -m 0644 $(BUILD)/locale/$$lang/LC_MESSAGES/ipctop.mo $(DESTDIR)$(LOCALEDIR)/$$lang/LC_MESSAGES/ipctop.mo || exit 1; \
	done

uninstall-locale:
	@for lang in $(PO_LANGS); do rm -f $(DESTDIR)$(LOCALEDIR)/$$lang/LC_MESSAGES/ipctop.mo; done
