#!/usr/bin/env bash
# Scale (issue 10): the reader pages at 1,000, 100,000 and 1,000,000 generated articles, on
# SQLite and PostgreSQL. For each store size and backend:
#   - generate the store with `warraq generate` (kept under $SCALE_DIR, default
#     target/scale, and reused by later runs: SQLite in <dir>/sqlite-<N>, PostgreSQL in the
#     database warraq_scale_<N> with its search index in <dir>/postgres-<N>);
#   - first reads: with no related-article list kept (they are thrown away first), a
#     server times the first request of the $COLD article pages below: each works out its
#     related articles by a search and keeps them beside the index;
#   - cold: read the database's files once (so the kernel caches them, as on a running
#     server), start `warraq serve`, then time the first request of each of $COLD distinct
#     pages of every kind (article pages spread over the whole store, section and API
#     list pages at cursors spread over the whole store, tag pages at cursors spread over
#     the tag's own list; the home page, the sitemap
#     index and the newest article sitemap once), one at a time on a keep-alive
#     connection;
#   - warm: wrk (2 threads, $CONNECTIONS connections, $SECONDS_EACH s after a 3 s
#     warm-up) on a recent article, an old article, the home page, a section page, a tag
#     page, the API list and the two sitemaps, each with `Accept-Encoding: gzip, br`;
#   - steady: the same pages at a fixed rate well below what the server can do
#     ($STEADY_RATE requests/s from hey, 8 connections, $SECONDS_EACH s), the server
#     pinned to the first core and hey to the second. wrk's p99 above is the tail of a
#     server saturated by its own load generator on the same two cores, which swings by 2-4x
#     from run to run whatever the store; this one is what a reader meets on a server that
#     is busy but not overrun, and the one the sizes are compared by;
#   - the server's resident memory (VmRSS) after the load and the database's size.
# Prints a Markdown table and each page's p99 at every size over its p99 at the smallest,
# then the first reads' p50 and p99 at every size.
#
# Usage: bench/scale.sh [N ...]            (default: 1000 100000 1000000)
# Environment: WARRAQ_BIN (skip the build), BACKENDS ("sqlite postgres"), SCALE_DIR,
# PG_URL (postgres://postgres@127.0.0.1:5432), SECONDS_EACH (10), CONNECTIONS (16),
# COLD (200), REGENERATE=1 (throw the kept stores away first), OS_CACHE (warm: read the
# database's files once before the cold measurement; asis: leave the kernel's cache be),
# STEADY_RATE (2000 requests/s), STEADY_RUNS (3: the steady figures are the median of this
# many runs), COLD_ROUNDS (3: the cold figures are the median over this many fresh
# servers), PREPARE_ONLY=1 (generate the stores and stop: generation needs no quiet machine, the
# measurement does, so the two can be run apart).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 100000 1000000)
backends="${BACKENDS:-sqlite postgres}"
scale_dir="${SCALE_DIR:-target/scale}"
pg_url="${PG_URL:-postgres://postgres@127.0.0.1:5432}"
seconds="${SECONDS_EACH:-10}"
connections="${CONNECTIONS:-16}"
cold="${COLD:-200}"
command -v wrk >/dev/null || { echo "scale: install wrk (apt-get install wrk)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "scale: python3 is needed" >&2; exit 1; }
command -v hey >/dev/null || { echo "scale: install hey (apt-get install hey)" >&2; exit 1; }
steady_rate="${STEADY_RATE:-2000}"

bin="${WARRAQ_BIN:-}"
if [ -z "$bin" ]; then
  cargo build --release -q -p warraq
  bin=target/release/warraq
fi
mkdir -p "$scale_dir"
results="$(mktemp)"
pid=""
log=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  [ -n "$log" ] && rm -f "$log"
  true
}
trap cleanup EXIT

# Runs SQL on the store of $backend/$n and prints the answer (tab-separated).
sql() {
  if [ "$backend" = sqlite ]; then
    sqlite3 -separator $'\t' "$data/warraq.db" "$1"
  else
    psql -q -At -F $'\t' "$pg_url/warraq_scale_$n" -c "$1"
  fi
}

# Writes the store of $backend/$n unless it is kept from an earlier run.
prepare() {
  data="$scale_dir/$backend-$n"
  store_args=(--data "$data")
  [ "$backend" = postgres ] && store_args+=(--database-url "$pg_url/warraq_scale_$n")
  if [ "${REGENERATE:-0}" = 1 ] || [ ! -f "$data/generated.txt" ]; then
    rm -rf "$data"
    mkdir -p "$data"
    if [ "$backend" = postgres ]; then
      psql -q "$pg_url/postgres" -c "DROP DATABASE IF EXISTS warraq_scale_$n WITH (FORCE)"
      psql -q "$pg_url/postgres" -c "CREATE DATABASE warraq_scale_$n"
    fi
    echo "== generating $n articles on $backend" >&2
    local start end
    start=$(date +%s.%N)
    WARRAQ_LOG="${WARRAQ_LOG:-warn,sqlx=error}" "$bin" generate --articles "$n" "${store_args[@]}" 2> >(tee "$data/generate.log" >&2) >&2
    end=$(date +%s.%N)
    echo "$start $end" | awk '{printf "%.0f", $2 - $1}' >"$data/generated.txt"
    # PostgreSQL's autovacuum gathers statistics on its own, soon after a bulk load; here
    # it is done at once (VACUUM ANALYZE) and the load written out (CHECKPOINT), so that
    # neither autovacuum nor the checkpointer is still at work on this store while a
    # later one is measured. SQLite is left as warraq leaves it (no ANALYZE), its
    # write-ahead log folded in.
    if [ "$backend" = postgres ]; then
      sql "VACUUM (ANALYZE)" >/dev/null
      sql "CHECKPOINT" >/dev/null
    fi
    if [ "$backend" = sqlite ]; then sql "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null; fi
  fi
}

start_server() {
  log="$(mktemp)"
  "$bin" serve --addr 127.0.0.1:0 "${store_args[@]}" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 3000); do grep -q 'listening on' "$log" && break; sleep 0.1; done
  base="$(grep -o 'http://[0-9.:]*' "$log" | head -1)"
  until curl -fs "$base/healthz" >/dev/null; do sleep 0.1; done
}

stop_server() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
  rm -f "$log"
  log=""
}

# p50 and p99 (ms) of wrk's latency distribution.
wrk_p50_p99() {
  wrk --latency -t2 -c"$connections" -d"${seconds}s" -H 'Accept-Encoding: gzip, br' "$1" |
    awk '
      function ms(v) {
        if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v
      }
      $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
      /Requests\/sec/ { rps = $2 }
      END { printf "%.2f %.2f %.0f", p50, p99, rps }'
}

# p50 and p99 (ms) at a fixed rate: hey (8 workers, each at an eighth of the rate) on the
# second core; the caller pins the server to the first.
steady_p50_p99() {
  taskset -c 1 hey -z "${seconds}s" -c 8 -q $((steady_rate / 8)) -H 'Accept-Encoding: gzip, br' "$1" |
    awk '
      $2 == "in" && $1 == "50%" { p50 = $3 * 1000 } $2 == "in" && $1 == "99%" { p99 = $3 * 1000 }
      /Requests\/sec/ { rps = $2 }
      /^Status code distribution/ { codes = 1; next } codes && /\[[0-9]+\]/ && $1 != "[200]" { bad = 1 }
      END { if (bad) print "scale: a steady request was not answered 200" > "/dev/stderr"; printf "%.2f %.2f %.0f", p50, p99, rps }'
}

# Times the first request of each path on stdin (one keep-alive connection, one at a
# time); prints "p50 p99" in ms.
cold_p50_p99() {
  python3 bench/cold_requests.py "$base"
}

# The median of each column of the lines on stdin ("p50 p99" or "p50 p99 rps", one line
# a run).
median_fields() {
  python3 -c '
import statistics, sys
rows = [[float(v) for v in line.split()] for line in sys.stdin if line.strip()]
print(" ".join("%.2f" % statistics.median(column) for column in zip(*rows)))'
}

measure() {
  local n_visible newest_id old_id section tag cursors tag_cursors
  # Pages to ask for, read from the database before the server starts.
  newest_id=$(sql "SELECT id FROM articles WHERE status = 'published' ORDER BY sort_at DESC, id DESC LIMIT 1")
  old_id=$(sql "SELECT id FROM articles WHERE status = 'published' ORDER BY sort_at, id LIMIT 1")
  n_visible=$(sql "SELECT MAX(id) FROM articles WHERE status = 'published'")
  section=$(sql "SELECT slug FROM sections ORDER BY id LIMIT 1")
  tag=$(sql "SELECT tag_slug FROM article_tags WHERE article_id = $newest_id ORDER BY tag_slug LIMIT 1")
  article_path() { sql "SELECT '/article/' || id || '/' || slug FROM articles WHERE id = $1"; }
  local recent_path old_path
  recent_path=$(article_path "$newest_id")
  old_path=$(article_path "$old_id")
  # Ids and cursors spread evenly over the store, in a shuffled order.
  local ids
  ids=$(python3 -c "
import random
random.seed(7)
n, k = $n_visible, $cold
ids = sorted({max(1, round((i + 0.5) * n / k)) for i in range(k)})
random.shuffle(ids)
print(','.join(map(str, ids)))")
  cold_articles=$(sql "SELECT '/article/' || id || '/' || slug FROM articles WHERE id IN ($ids)")
  cursors=$(sql "SELECT CAST(sort_at AS TEXT) || '.' || id FROM articles WHERE id IN ($ids)")
  if [ "$backend" = postgres ]; then
    cursors=$(sql "SELECT (EXTRACT(EPOCH FROM sort_at) * 1000000)::BIGINT || '.' || id FROM articles WHERE id IN ($ids)")
  fi
  # The tag page's cursors: its own articles, spread evenly over its list, never the last
  # (the page after it is empty: a 404, not a list page). A cursor is a place in the
  # list, not a lookup: the few hidden stories among them are places too.
  local tag_cursor="CAST(sort_at AS TEXT)" greatest="MAX"
  if [ "$backend" = postgres ]; then
    tag_cursor="(EXTRACT(EPOCH FROM sort_at) * 1000000)::BIGINT" greatest="GREATEST"
  fi
  tag_cursors=$(sql "SELECT $tag_cursor || '.' || article_id FROM (
      SELECT sort_at, article_id, COUNT(*) OVER () AS n,
             ROW_NUMBER() OVER (ORDER BY sort_at DESC, article_id DESC) AS rn
      FROM article_tags WHERE tag_slug = '$tag') AS listed
    WHERE rn < n AND rn % $greatest(1, n / $cold) = 0 ORDER BY random() LIMIT $cold")

  # `warraq generate` marks its history as read by the webhook dispatcher; a store kept
  # from an older generator did not, and its first server walks the whole log in the
  # background (at 1,000,000 articles for minutes, with write transactions), which a
  # running site never does. Let it finish first.
  local behind
  behind=$(sql "SELECT (SELECT MAX(seq) FROM change_log) - position FROM webhook_dispatch")
  if [ "${behind:-0}" -gt 0 ]; then
    echo "  (the webhook dispatcher is $behind change-log entries behind: catching up)" >&2
    start_server
    while [ "$(sql "SELECT (SELECT MAX(seq) FROM change_log) - position FROM webhook_dispatch")" -gt 0 ]; do
      sleep 2
    done
    stop_server
  fi

  # The database's and the search index's files are read once first, so that the
  # operating system holds them, as on any server that has been running; otherwise the
  # figures below measure the disk (and how much of a just-written file the kernel
  # happens to keep), not warraq. OS_CACHE=asis skips this.
  if [ "${OS_CACHE:-warm}" = warm ]; then
    # The data folder: SQLite's files and the search index the related articles read.
    find "$data" -type f -exec cat {} + >/dev/null
    if [ "$backend" = postgres ]; then
      sql "CREATE EXTENSION IF NOT EXISTS pg_prewarm" >/dev/null
      sql "SELECT count(pg_prewarm(c.oid, 'read')) FROM pg_class c
           WHERE c.relkind IN ('r', 'i', 't') AND c.relpersistence = 'p'
             AND c.relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)" >/dev/null
    fi
  fi

  # First reads: an article page whose related articles nobody asked for since the
  # search index was built works them out (a search that grows with the store) and keeps
  # them beside the index. The kept lists are thrown away first, so that this pass is
  # always a first read, whatever earlier runs asked for.
  rm -f "$data/search/related.sqlite" "$data/search/related.sqlite-wal" "$data/search/related.sqlite-shm"
  start_server
  local c_first
  c_first=$(cold_p50_p99 <<<"$cold_articles")
  stop_server
  echo "$backend $n|$c_first" >>"$results.first"

  # "Cold" is warraq's cold: a new server process, nothing rendered or cached in it (its
  # article pages find the related lists the first reads kept, as a restarted node finds
  # those its pages kept before). $COLD_ROUNDS fresh servers, each asked the first
  # request of every page; each figure is the median over the rounds (the home page and
  # the sitemaps are one request a server, whose time a noisy millisecond decides).
  local newest_file=$(( (newest_id - 1) / 1000 + 1 ))
  local rounds="${COLD_ROUNDS:-3}" round
  local r_home="" r_index="" r_file="" r_article="" r_section="" r_tag="" r_api=""
  for round in $(seq 1 "$rounds"); do
    start_server
    r_home+="$(echo / | cold_p50_p99)"$'\n'
    # The sitemap index (a kept summary per file of 1,000 ids) and the newest article
    # sitemap (up to 1,000 URLs).
    r_index+="$(echo /sitemap.xml | cold_p50_p99)"$'\n'
    r_file+="$(echo "/sitemaps/articles-$newest_file.xml" | cold_p50_p99)"$'\n'
    r_article+="$(cold_p50_p99 <<<"$cold_articles")"$'\n'
    r_section+="$(sed "s|^|/section/$section?after=|" <<<"$cursors" | cold_p50_p99)"$'\n'
    r_tag+="$(sed "s|^|/tag/$tag?after=|" <<<"$tag_cursors" | cold_p50_p99)"$'\n'
    r_api+="$(sed "s|^|/api/v1/articles?cursor=|" <<<"$cursors" | cold_p50_p99)"$'\n'
    # The last server stays up for the warm and steady measurements.
    [ "$round" -lt "$rounds" ] && stop_server
  done
  local home_cold index_cold file_cold c_article c_section c_tag c_api
  home_cold=$(median_fields <<<"$r_home")
  index_cold=$(median_fields <<<"$r_index")
  file_cold=$(median_fields <<<"$r_file")
  c_article=$(median_fields <<<"$r_article")
  c_section=$(median_fields <<<"$r_section")
  c_tag=$(median_fields <<<"$r_tag")
  c_api=$(median_fields <<<"$r_api")

  local pages=(
    "article (recent)|$recent_path|$c_article"
    "article (old)|$old_path|$c_article"
    "home|/|$home_cold"
    "section|/section/$section|$c_section"
    "tag|/tag/$tag|$c_tag"
    "API list|/api/v1/articles|$c_api"
    "sitemap index|/sitemap.xml|$index_cold"
    "article sitemap|/sitemaps/articles-$newest_file.xml|$file_cold"
  )
  local entry name path coldv url warm
  local -A warm_of url_of
  for entry in "${pages[@]}"; do
    IFS='|' read -r name path coldv <<<"$entry"
    url="$base$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe="/?=&.-_~"))' "$path")"
    url_of[$name]="$url"
    curl -fs -o /dev/null "$url" || echo "scale: $url does not answer 200" >&2
    wrk --latency -t2 -c"$connections" -d3s -H 'Accept-Encoding: gzip, br' "$url" >/dev/null
    warm_of[$name]=$(wrk_p50_p99 "$url")
  done
  # The steady rate, server on core 0 and hey on core 1 (every thread of the server).
  taskset -a -p -c 0 "$pid" >/dev/null
  local steady runs
  for entry in "${pages[@]}"; do
    IFS='|' read -r name path coldv <<<"$entry"
    runs=""
    for _ in $(seq 1 "${STEADY_RUNS:-3}"); do
      runs+="$(steady_p50_p99 "${url_of[$name]}")"$'\n'
    done
    steady=$(median_fields <<<"$runs")
    echo "$backend $n $name|${warm_of[$name]}|$coldv|$steady" >>"$results.raw"
    echo "  $backend $n $name: warm p50/p99/rps ${warm_of[$name]}; cold p50/p99 $coldv; steady p50/p99/rps $steady" >&2
  done
  local rss
  rss=$(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status")
  stop_server
  local size
  if [ "$backend" = sqlite ]; then
    size=$(stat -c %s "$data/warraq.db")
  else
    size=$(psql -q -At "$pg_url/postgres" -c "SELECT pg_database_size('warraq_scale_$n')")
  fi
  local gen_seconds rate
  gen_seconds=$(cat "$data/generated.txt")
  rate=$(grep -o '[0-9]* articles/s' "$data/generate.log" | head -1 || true)
  echo "$backend|$n|$(awk -v s="$size" 'BEGIN { printf "%.0f MiB", s / 1048576 }')|$rss MiB|${gen_seconds} s (${rate:-?})" >>"$results.stores"
}

: >"$results.raw"
: >"$results.stores"
: >"$results.first"
for backend in $backends; do
  for n in "${sizes[@]}"; do
    prepare
    [ "${PREPARE_ONLY:-0}" = 1 ] && continue
    echo "== measuring $n articles on $backend" >&2
    measure
  done
done
[ "${PREPARE_ONLY:-0}" = 1 ] && { echo "scale: stores generated under $scale_dir; run again without PREPARE_ONLY to measure" >&2; exit 0; }

echo
echo "Stores (warraq $("$bin" --version | awk '{print $2}'), $(nproc) cores, wrk -t2 -c$connections, hey at $steady_rate requests/s, ${seconds} s per page):"
echo
echo "| backend | articles | database size | server RSS after load | generation (incl. search index) |"
echo "| --- | ---: | ---: | ---: | --- |"
awk -F'|' '{ printf "| %s | %\047d | %s | %s | %s |\n", $1, $2, $3, $4, $5 }' "$results.stores"
echo
echo "| backend | articles | page | steady p50 ms | steady p99 ms | warm p50 ms | warm p99 ms | warm req/s | cold p50 ms | cold p99 ms |"
echo "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
awk -F'|' '{
  split($1, k, " "); name = k[3]; for (i = 4; i <= length(k); i++) name = name " " k[i]
  split($2, w, " "); split($3, c, " "); split($4, s, " ")
  printf "| %s | %\047d | %s | %s | %s | %s | %s | %s | %s | %s |\n", k[1], k[2], name, s[1], s[2], w[1], w[2], w[3], c[1], c[2]
}' "$results.raw"
echo
echo "p99 at each size over p99 at the smallest (steady / saturated warm / cold):"
echo
awk -F'|' -v smallest="${sizes[0]}" '{
  split($1, k, " "); name = k[3]; for (i = 4; i <= length(k); i++) name = name " " k[i]
  split($2, w, " "); split($3, c, " "); split($4, s, " ")
  key = k[1] " " name
  if (k[2] == smallest) { bw[key] = w[2]; bc[key] = c[2]; bs[key] = s[2] }
  rows[NR] = key "|" k[2] "|" w[2] "|" c[2] "|" s[2]
} END {
  print "| backend, page | articles | steady p99 ratio | saturated warm p99 ratio | cold p99 ratio |"
  print "| --- | ---: | ---: | ---: | ---: |"
  for (i = 1; i <= NR; i++) {
    split(rows[i], r, "|")
    if (r[2] == smallest) continue
    printf "| %s | %\047d | %.2f | %.2f | %.2f |\n", r[1], r[2], r[5] / (bs[r[1]] ? bs[r[1]] : 1), r[3] / (bw[r[1]] ? bw[r[1]] : 1), r[4] / (bc[r[1]] ? bc[r[1]] : 1)
  }
}' "$results.raw"
echo
echo "Article pages read for the first time since the search index was built (no related list kept yet), p50 and p99 ms, and p99 over p99 at the smallest:"
echo
awk -F'|' -v smallest="${sizes[0]}" '{
  split($1, k, " "); split($2, c, " ")
  if (k[2] == smallest) base[k[1]] = c[2]
  rows[NR] = k[1] "|" k[2] "|" c[1] "|" c[2]
} END {
  print "| backend | articles | first read p50 ms | first read p99 ms | p99 ratio |"
  print "| --- | ---: | ---: | ---: | ---: |"
  for (i = 1; i <= NR; i++) {
    split(rows[i], r, "|")
    printf "| %s | %\047d | %s | %s | %.2f |\n", r[1], r[2], r[3], r[4], r[4] / (base[r[1]] ? base[r[1]] : 1)
  }
}' "$results.first"
rm -f "$results" "$results.raw" "$results.stores" "$results.first"
