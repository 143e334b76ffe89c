# completion.mk — shell completion (completion/): `make install` puts the
# bash one in $(BASHCOMPDIR) as "ipctop" (bash-completion loads it the first
# time ipctop is completed) and the zsh one in $(ZSHCOMPDIR) as "_ipctop";
# both default to Debian's places under PREFIX. zsh does not look in
# /usr/local/share/zsh/vendor-completions: for PREFIX=/usr/local, pass
# ZSHCOMPDIR=/usr/local/share/zsh/site-functions.

# tests/e2e/completion.sh drives the zsh completion in tmux and loads the
# bash one through bash-completion's own loader.
TEST_PKGS += zsh bash-completion

BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/vendor-completions

.PHONY: install-completion uninstall-completion

install: install-completion
uninstall: uninstall-completion

install-completion:
	install -d $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 0644 completion/ipctop.bash $(DESTDIR)$(BASHCOMPDIR)/ipctop
	install -m 0644 completion/_ipctop $(DESTDIR)$(ZSHCOMPDIR)/_ipctop

uninstall-completion:
	rm -f $(DESTDIR)$(BASHCOMPDIR)/ipctop $(DESTDIR)$(ZSHCOMPDIR)/_ipctop
