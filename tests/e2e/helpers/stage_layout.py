#!/usr/bin/env python3
"""stage_layout.py — checks the layout of a classroom stage from a capture
(tmux capture-pane -p) on stdin; prints one line per fault, exits 1 if any.

usage: stage_layout.py COLS ROWS LANES LABELS ONCE
  LANES   the processes (timeline lanes) the stage has
  LABELS  texts that must be on screen whole ('|' between them)
  ONCE    texts that must be there exactly once, in the picture: between
          the title bar and the timeline's head ('|' between them)

What it finds:
- a line wider than the terminal, or a replacement character (a double-
  width character split by something drawn over half of it);
- a line that runs to the last column with a letter or digit (a label cut
  at the right edge);
- the title bar not on the first row, the footer not on the last, no
  timeline head (N ops) or more than one;
- a label missing, cut or overwritten (not found whole), a picture label
  found twice or outside the picture (drawn into the timeline or under
  another row);
- a timeline cell (a lane's head or operation) filling its lane to the last
  column without the '…' that says it was shortened (cut mid-word);
- the wait-for cycle's frame broken: a corner without the edge above it.
"""
import sys
import unicodedata

cols, rows, lanes = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
labels = [t for t in sys.argv[4].split("|") if t]
once = [t for t in sys.argv[5].split("|") if t]
lines = sys.stdin.read().split("\n")
if lines and lines[-1] == "":
    lines.pop()
faults = []


def width(ch):
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def cells(line):
    """The line as screen columns: out[x] is the character starting at
    column x, '' for the second half of a double-width one."""
    out = []
    for ch in line:
        out.append(ch)
        if width(ch) == 2:
            out.append("")
    return out


grid = [cells(l) for l in lines]
if len(lines) > rows:
    faults.append("%d lines, the terminal has %d" % (len(lines), rows))
for y, l in enumerate(lines):
    if "\ufffd" in l:
        faults.append("row %d: a replacement character (a split double-width one?): %s" % (y + 1, l))
    if len(grid[y]) > cols:
        faults.append("row %d: %d columns wide, the terminal %d: %s" % (y + 1, len(grid[y]), cols, l))
    elif len(grid[y]) == cols:
        last = grid[y][-1] or grid[y][-2]
        if unicodedata.category(last)[0] in "LN":
            faults.append("row %d runs to the right edge (a label cut?): ...%s" % (y + 1, l[-30:]))

# The rows that must be distinct: title, the timeline's head, the footer.
if not lines or not (lines[0].startswith(" Stage: ") or lines[0].startswith(" 舞台：")):
    faults.append("the title bar is not the first row: %s" % (lines[0] if lines else ""))
if not lines or not lines[-1].startswith("Esc"):
    faults.append("the footer is not the last row: %s" % (lines[-1] if lines else ""))
heads = [y for y, l in enumerate(lines) if l.split(" ", 1)[0].isdigit() and
         (l.split(" ")[1:2] == ["ops"] or l.split(" ")[1:2] == ["操作"])]
if len(heads) != 1:
    faults.append("%d timeline heads (N ops): want 1" % len(heads))
head = heads[0] if heads else len(lines)

for t in labels:
    if not any(t in l for l in lines):
        faults.append("missing, cut or overwritten: %r" % t)
for t in once:
    where = [y for y, l in enumerate(lines) if t in l]
    n = sum(l.count(t) for l in lines)
    if n != 1:
        faults.append("%r found %d times: want once" % (t, n))
    elif not 0 < where[0] < head:
        faults.append("%r on row %d: not in the picture (rows 2..%d)" % (t, where[0] + 1, head))

# Timeline cells: the lanes as timeline.c lays them out (a 9-column time,
# then LANES lanes); a cell's text ends a column before the next lane.
TIME_W = 9
lanew = max((cols - TIME_W) // max(lanes, 1), 4)
for y in range(head, len(lines) - 2 if heads else head):
    g = grid[y]
    for p in range(lanes):
        end = TIME_W + (p + 1) * lanew - 2  # the cell's last column
        if end < len(g) and g[end] not in (" ", "", "…"):
            cell = "".join(g[TIME_W + p * lanew:end + 1])
            faults.append("row %d, lane %d: %r fills its lane (cut mid-word?)" % (y + 1, p + 1, cell))

# The cycle's frame (deadlock): └ and ┘ each under an edge (▲ or │).
for y, g in enumerate(grid):
    for x, ch in enumerate(g):
        if ch and ch in "└┘" and (y == 0 or x >= len(grid[y - 1]) or grid[y - 1][x] not in "▲│"):
            faults.append("row %d column %d: %s without the edge above it" % (y + 1, x + 1, ch))

for f in faults:
    print(f)
sys.exit(1 if faults else 0)
