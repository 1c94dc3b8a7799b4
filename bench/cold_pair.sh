#!/usr/bin/env bash
# Cold pages of two (or more) warraq binaries on one generated store (SQLite, or
# PostgreSQL with DATABASE_URL), side by side: per round and binary a fresh server, then
# the first request of the same COLD article pages (or API list pages: PAGES=api) spread
# over the store, one at a time on a keep-alive connection, with `Accept-Encoding: gzip,
# br`. Rounds alternate the binaries, so that a noisy minute hits both. Prints p50, p90,
# p99 and the mean (ms) per round and binary.
#
#   bench/cold_pair.sh DATA_DIR ROUNDS BIN_A BIN_B [BIN...]
#   bench/cold_pair.sh target/scale/sqlite-1000000 3 /tmp/warraq-before target/release/warraq
#
# Environment: COLD (400 pages), KEPT=1 (keep the related-article lists a server kept for
# the next one; by default they are thrown away before every server, so that every round
# is a first read that searches, as with binaries that kept none), PAGES (articles, or api:
# the API list at cursors spread over the store, 20 whole items a page), DATABASE_URL (a
# PostgreSQL store whose search index is in DATA_DIR, as `warraq generate --database-url`
# makes it). The store's files are read once first, so that the OS cache holds them for
# every binary alike.
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,18p' "$0" >&2; exit 2; }
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

# Ids spread evenly over the store, in a shuffled order; an article page each, or the API
# list page after each (its cursor: the article's place in the list).
ids=$(python3 -c "
import random
n, k = int('$(
  if [ -n "${DATABASE_URL:-}" ]; then
    psql -q -At "$DATABASE_URL" -c "SELECT MAX(id) FROM articles WHERE status = 'published'"
  else
    sqlite3 "$data/warraq.db" "SELECT MAX(id) FROM articles WHERE status = 'published'"
  fi
)'), $cold
ids = sorted({max(1, round((i + 0.37) * n / k)) for i in range(k)})
random.Random(11).shuffle(ids)
print(','.join(map(str, ids)))")
case "${PAGES:-articles}" in
  articles) select="'/article/' || id || '/' || slug" ;;
  api)
    if [ -n "${DATABASE_URL:-}" ]; then
      select="'/api/v1/articles?cursor=' || (EXTRACT(EPOCH FROM sort_at) * 1000000)::BIGINT || '.' || id"
    else
      select="'/api/v1/articles?cursor=' || CAST(sort_at AS TEXT) || '.' || id"
    fi
    ;;
  *) echo "cold_pair: PAGES is articles or api" >&2; exit 2 ;;
esac
query="SELECT $select FROM articles WHERE id IN ($ids) AND status = 'published'"
if [ -n "${DATABASE_URL:-}" ]; then
  psql -q -At "$DATABASE_URL" -c "$query" >"$paths"
  psql -q -At "$DATABASE_URL" -c "CREATE EXTENSION IF NOT EXISTS pg_prewarm" >/dev/null
  psql -q -At "$DATABASE_URL" -c "SELECT count(pg_prewarm(c.oid, 'read')) FROM pg_class c
    WHERE c.relkind IN ('r', 'i', 't') AND c.relpersistence = 'p'
      AND c.relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)" >/dev/null
else
  sqlite3 "$data/warraq.db" "$query" >"$paths"
fi
# SQL gives the rows in id order: shuffled again, so that neighbouring pages do not
# follow one another (a fixed seed: the same order for every binary and round).
python3 -c "
import random, sys
lines = open(sys.argv[1]).read().split()
random.Random(11).shuffle(lines)
open(sys.argv[1], 'w').write(''.join(line + '\\n' for line in lines))" "$paths"
store_args=(--data "$data")
[ -n "${DATABASE_URL:-}" ] && store_args+=(--database-url "$DATABASE_URL")

find "$data" -type f -print0 | xargs -0 cat >/dev/null
for round in $(seq 1 "$rounds"); do
  for bin in "$@"; do
    if [ "${KEPT:-0}" != 1 ]; then
      rm -f "$data/search/related.sqlite" "$data/search/related.sqlite-wal" "$data/search/related.sqlite-shm"
    fi
    log="$(mktemp)"
    # No lists worked out ahead: the rounds compare what a first reader pays.
    WARRAQ_RELATED_AHEAD_PERCENT=0 "$bin" serve --addr 127.0.0.1:0 "${store_args[@]}" >"$log" 2>&1 &
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
