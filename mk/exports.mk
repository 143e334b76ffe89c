# exports.mk — the tools tests/e2e/exports.sh checks the exports with:
# promtool (Debian's prometheus package; the tests start no server),
# node_exporter (prometheus-node-exporter, started on a loopback port and
# stopped by the test) and python3-jsonschema for doc/ipctop-json.schema.json.
TEST_PKGS += prometheus prometheus-node-exporter python3-jsonschema
