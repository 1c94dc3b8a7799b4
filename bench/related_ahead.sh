#!/usr/bin/env bash
# Related articles worked out ahead of readers, on a generated SQLite store: how fast the
# start-up sweep keeps lists at a given share of a core, and what the first read of the
# newest articles costs with and without it.
#
# For each data folder given (made by `warraq generate --data DIR --articles N`):
#   1. lists thrown away, a server with WARRAQ_RELATED_AHEAD_PERCENT=0, the first request
#      of each of the $NEWEST newest articles timed (each searches for its related list);
#   2. lists thrown away again, a server at $PERCENT (25), left alone until the sweep
#      kept a list for every visible article without editors' picks, or $SECONDS_EACH s
#      (60): the lists kept, per second; then the first request of the same pages timed
#      again (read from the kept lists the sweep made, newest first).
# Prints p50 / p99 ms of both and the sweep's rate.
#
# Usage: bench/related_ahead.sh DATA_DIR [...]
# Environment: WARRAQ_BIN (default target/release/warraq, built if missing), NEWEST (200),
# PERCENT (25), SECONDS_EACH (60).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || { sed -n 2,17p "$0" >&2; exit 2; }
bin="${WARRAQ_BIN:-target/release/warraq}"
[ -x "$bin" ] || cargo build --release --bin warraq
newest="${NEWEST:-200}"
percent="${PERCENT:-25}"
seconds="${SECONDS_EACH:-60}"
here="$(pwd)"

pid=""
log="$(mktemp)"
paths="$(mktemp)"
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -f "$log" "$paths"
  true
}
trap cleanup EXIT

# Starts a server on $data at $1 per cent; sets $base.
start() {
  forget_lists
  WARRAQ_RELATED_AHEAD_PERCENT="$1" "$bin" serve --addr 127.0.0.1:0 --data "$data" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 3000); do grep -q 'listening on' "$log" && break; sleep 0.1; done
  base="$(grep -o 'http://[0-9.:]*' "$log" | head -1)"
  until curl -fs "$base/healthz" >/dev/null; do sleep 0.1; done
}

stop() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
}

forget_lists() {
  rm -f "$data/search/related.sqlite" "$data/search/related.sqlite-wal" "$data/search/related.sqlite-shm"
}

kept() {
  python3 -c '
import sqlite3, sys
try:
    db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
    print(db.execute("SELECT count(*) FROM lists").fetchone()[0])
except sqlite3.Error:
    print(0)
' "$data/search/related.sqlite"
}

# p50 and p99 of the first request of every path in $paths.
first_reads() {
  python3 "$here/bench/cold_requests.py" "$base" --raw <"$paths" | python3 -c '
import statistics, sys
ms = sorted(float(x) for x in sys.stdin.read().split())
p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
print(f"{statistics.median(ms):.2f} / {p99:.2f} ms over {len(ms)}")
'
}

echo "| store | first reads, nothing ahead (p50 / p99) | kept at ${percent} % (at most ${seconds} s) | lists/s | first reads after the sweep (p50 / p99) |"
echo "| --- | --- | --- | ---: | --- |"
for data in "$@"; do
  python3 - "$data/warraq.db" "$newest" >"$paths" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
rows = db.execute(
    "SELECT id, slug FROM articles WHERE status = 'published' "
    "ORDER BY published_at DESC, id DESC LIMIT ?", (int(sys.argv[2]),))
for id_, slug in rows:
    print(f"/article/{id_}/{slug}")
PY
  find "$data" -type f -print0 | xargs -0 cat >/dev/null
  start 0
  before="$(first_reads)"
  stop
  visible="$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True).execute("SELECT count(*) FROM articles WHERE status = ? AND related = ?", ("published", "[]")).fetchone()[0])' "$data/warraq.db")"
  start "$percent"
  took="$seconds"
  for second in $(seq 1 "$seconds"); do
    sleep 1
    if [ "$(kept)" -ge "$visible" ]; then took="$second"; break; fi
  done
  lists="$(kept)"
  after="$(first_reads)"
  stop
  rate="$(python3 -c "print(f'{$lists / $took:.1f}')")"
  echo "| $(basename "$data") | $before | $lists of $visible in $took s | $rate | $after |"
done
