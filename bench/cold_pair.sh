#!/usr/bin/env bash
# Cold article pages of two (or more) warraq binaries on one generated SQLite store, side by
# side: per round and binary a fresh server, then the first request of the same COLD
# article pages spread over the store, one at a time on a keep-alive connection, with
# `Accept-Encoding: gzip, br`. Rounds alternate the binaries, so that a noisy minute hits
# both. Prints p50, p90, p99 and the mean (ms) per round and binary.
#
#   bench/cold_pair.sh DATA_DIR ROUNDS BIN_A BIN_B [BIN...]
#   bench/cold_pair.sh target/scale/sqlite-1000000 3 /tmp/warraq-before target/release/warraq
#
# Environment: COLD (400 pages), KEPT=1 (keep the related-article lists a server kept for
# the next one; by default they are thrown away before every server, so that every round
# is a first read that searches, as with binaries that kept none). The store's files are
# read once first, so that the OS cache holds them for every binary alike.
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,12p' "$0" >&2; exit 2; }
data=$1 rounds=$2
shift 2
cold="${COLD:-400}"

paths="$(mktemp)"
pid=""
log=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -f "$paths" ${log:+"$log"}
  true
}
trap cleanup EXIT

python3 - "$data/warraq.db" "$cold" >"$paths" <<'PY'
import random, sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
k = int(sys.argv[2])
(n,) = db.execute("SELECT MAX(id) FROM articles WHERE status = 'published'").fetchone()
ids = sorted({max(1, round((i + 0.37) * n / k)) for i in range(k)})
random.Random(11).shuffle(ids)
for i in ids:
    row = db.execute("SELECT id, slug FROM articles WHERE id = ? AND status = 'published'", (i,)).fetchone()
    if row:
        print(f"/article/{row[0]}/{row[1]}")
PY

find "$data" -type f -print0 | xargs -0 cat >/dev/null
for round in $(seq 1 "$rounds"); do
  for bin in "$@"; do
    if [ "${KEPT:-0}" != 1 ]; then
      rm -f "$data/search/related.sqlite" "$data/search/related.sqlite-wal" "$data/search/related.sqlite-shm"
    fi
    log="$(mktemp)"
    # No lists worked out ahead: the rounds compare what a first reader pays.
    WARRAQ_RELATED_AHEAD_PERCENT=0 "$bin" serve --addr 127.0.0.1:0 --data "$data" >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 1 3000); do grep -q 'listening on' "$log" && break; sleep 0.1; done
    base="$(grep -o 'http://[0-9.:]*' "$log" | head -1)"
    until curl -fs "$base/healthz" >/dev/null; do sleep 0.1; done
    sleep 2
    echo "round $round $bin: $(python3 "$(dirname "$0")/cold_requests.py" "$base" --labelled <"$paths")"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    pid=""
    rm -f "$log"
    log=""
  done
done
