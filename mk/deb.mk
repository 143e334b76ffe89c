# deb.mk — `make deb`: the Debian package (debian/), built by tools/deb.sh
# with `dpkg-buildpackage -us -uc -b` in a copy of the source tree under
# $(DEB_DIR), so that the tree stays clean; the .deb, .changes and
# .buildinfo are left in $(DEB_DIR). tests/e2e/deb.sh builds it, unpacks it
# in a scratch root and runs lintian.

# debian/control's Rules-Requires-Root: no: building needs no fakeroot.
DEB_PKGS := dpkg-dev debhelper
TEST_PKGS += $(DEB_PKGS) lintian

DEB_DIR ?= $(BUILD)/deb

.PHONY: deb

deb:
	@./tools/deps.sh $(BUILD_PKGS) $(DEB_PKGS)
	./tools/deb.sh $(DEB_DIR)
