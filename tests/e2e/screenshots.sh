#!/bin/bash
# screenshots.sh — tools/screenshots.sh renders each shot to a real PNG of
# the expected size, with the dark background and the colours of the TUI.
# Missing chromium/aha (e.g. no network to install them) is a failure.
. "$(dirname "$0")/lib.sh"
screen() { :; } # no ipctop pane of lib.sh's here: nothing to show on failure

SHOTS="list semaphores help" # at least these; every PNG made is checked
# 80 columns of DejaVu Sans Mono at 16px (9.633px each) + 2 x 12px padding;
# 24 rows of 20px + 2 x 12px padding.
WIDTH=795 HEIGHT=504

out=$E2E_TMP/shots
start=$(date +%s)
# The shots README shows, less the homework race (six processes racing flat
# out on two cores make it the slow one; make screenshots renders it).
if timeout -k 5 240 ./tools/screenshots.sh "$IPCTOP_BIN" "$out" list semaphores help waiter hex projector \
	>"$E2E_TMP/shots.log" 2>&1; then
	echo "ok - tools/screenshots.sh ran ($(( $(date +%s) - start ))s)"
else
	echo "not ok - tools/screenshots.sh failed (its output follows; it needs chromium and aha)"
	cat "$E2E_TMP/shots.log"
fi

# png_check FILE — decodes the PNG (stdlib only) and checks what it shows.
png_check() {
	python3 - "$1" "$WIDTH" "$HEIGHT" <<'EOF'
import struct, sys, zlib
path, W, H = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
PAD, LINE, ROWS = 12, 20, 24
BG = (0x1e, 0x1e, 0x1e)
def fail(msg):
    print("  %s: %s" % (path, msg)); sys.exit(1)
data = open(path, "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n": fail("not a PNG (magic)")
if len(data) < 10000: fail("only %d bytes: blank?" % len(data))
pos, idat, ihdr = 8, b"", None
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR": ihdr = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT": idat += body
    pos += 12 + n
w, h, depth, ctype, _, _, interlace = ihdr
if (w, h) != (W, H): fail("%dx%d, expected %dx%d" % (w, h, W, H))
if depth != 8 or ctype not in (2, 6) or interlace: fail("unexpected format %r" % (ihdr,))
bpp = 3 if ctype == 2 else 4
raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + ((a + b) >> 1)) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line); prev = line
px = lambda x, y: tuple(rows[y][x * bpp:x * bpp + 3])
counts = {}
for y in range(0, h, 2):
    for x in range(0, w, 2):
        k = px(x, y); counts[k] = counts.get(k, 0) + 1
total = sum(counts.values())
if max(counts, key=counts.get) != BG: fail("the background is not the dark #1e1e1e")
# The footer bar's colour (cyan, or the projector theme's reverse video)
# fills the last row to column 80 and the other bars.
fy = PAD + (ROWS - 1) * LINE + LINE // 2
BAR = px(w - PAD - 3, fy)
if BAR == BG: fail("the footer does not reach column 80: cut off?")
if counts.get(BAR, 0) < 1000: fail("hardly any bar colour %s: no colours?" % (BAR,))
bright = sum(n for k, n in counts.items() if sum(k) > 450)
if bright < 500: fail("hardly any light text: blank?")
if len(counts) < 20: fail("only %d colours: blank?" % len(counts))
# Sized to the terminal: the footer (last row) reaches the right edge of the
# text area, and only the padding lies beyond it.
if px(w - 3, fy) != BG or px(w // 2, h - 3) != BG: fail("no dark padding at the edges")
if any(px(x, h - PAD + 2) != BG for x in range(0, w, 7)): fail("content below the last row")
EOF
}

for s in $SHOTS; do
	check "shot $s was rendered" test -f "$out/$s.png"
done
for png in "$out"/*.png; do
	[ -e "$png" ] || continue
	check "$(basename "$png") is a ${WIDTH}x${HEIGHT} PNG showing the coloured TUI" png_check "$png"
done
