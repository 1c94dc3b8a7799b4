#!/usr/bin/env bash
# Scale (issue 10): the reader pages at 1,000, 100,000 and 1,000,000 generated articles, on
# SQLite and PostgreSQL. For each backend:
#   - generate each store with `warraq generate` (kept under $SCALE_DIR, default
#     target/scale, and reused by later runs: SQLite in <dir>/sqlite-<N>, PostgreSQL in the
#     database warraq_scale_<N> with its search index in <dir>/postgres-<N>);
#   - first reads: with no related-article list kept (they are thrown away first), a
#     server times the first request of the $COLD article pages below: each works out its
#     related articles by a search and keeps them beside the index;
#   - cold: read the database's files once (so the kernel caches them, as on a running
#     server), start `warraq serve`, then time the first request of each of $COLD distinct
#     pages of every kind (article pages spread over the whole store, section and API
#     list pages at cursors spread over the whole store, tag pages at cursors spread over
#     the tag's own list; the home page, the largest sitemap index (100 files past 100,000
#     ids, else the one there is) and the newest article sitemap once), one at a time on
#     a keep-alive connection;
#   - warm: wrk (2 threads, $CONNECTIONS connections, $SECONDS_EACH s after a 3 s
#     warm-up) on a recent article, an old article, the home page, a section page, a tag
#     page, the API list and the two sitemaps, each with `Accept-Encoding: gzip, br`;
#   - steady: the same pages at a pace well below what the server can do (about
#     $STEADY_RATE requests/s from wrk in all, 8 connections each pausing after every
#     answer, $SECONDS_EACH s), every size's server at once, each with its own wrk and a
#     share of the rate, the servers pinned to the first core and wrk to the second. The
#     saturated wrk's p99 above is the tail of a server fighting its own load generator
#     for the same two cores, which swings by 2-4x from run to run whatever the store;
#     this one is what a reader meets on a server that is busy but not overrun, and the
#     one the sizes are compared by;
#   - the server's resident memory (VmRSS) after the load and the database's size.
#
# The sizes are measured side by side, not one after the other: this machine's noise
# comes in spells of seconds to minutes, and a spell that falls on one size's block
# decides a ratio. So the first reads and each cold round ($COLD_ROUNDS rounds) start a
# fresh server per size, all up at once, and interleave the sizes request by request
# (bench/cold_interleaved.py: page i at the first size, page i at the second, ..., then
# page i+1; one request at a time, each server on its own keep-alive connection): a
# spell of noise a few seconds long then falls on every size alike, not on one size's
# block of $COLD requests, whose p99 it would decide. The steady figures are taken at
# every size at once, for the same reason (a spell then lands on every size's run alike,
# where it decided one size's p99 in runs 5-12); the warm ones go page by page, size by
# size (a server per size, all up). A list page's cold p50 and p99 are
# over every request of every round together ($COLD_ROUNDS x $COLD); the home page's and
# the sitemaps' (one request a server) are the median over the rounds.
#
# Prints a Markdown table and each page's p99 at every size over its p99 at the smallest,
# then the first reads' p50 and p99 at every size.
#
# Usage: bench/scale.sh [N ...]            (default: 1000 100000 1000000)
# Environment: WARRAQ_BIN (skip the build), BACKENDS ("sqlite postgres"), SCALE_DIR,
# PG_URL (postgres://postgres@127.0.0.1:5432), SECONDS_EACH (10), CONNECTIONS (16), COLD
# (200), REGENERATE=1 (throw the kept stores away first), OS_CACHE (warm: read the
# database's files once before the cold measurement; asis: leave the kernel's cache be),
# KEEP_WORK=1 (keep the samples and per-run figures), STEADY_RATE (2000 requests/s: sets
# the pause, 8000/rate ms; the pause comes on top of the answer, so about 1,500 are made),
# STEADY_RUNS (3: the steady figures are the median of this many runs), COLD_ROUNDS (3:
# fresh servers per size), RELATED_AHEAD_PERCENT (0: the servers'
# WARRAQ_RELATED_AHEAD_PERCENT), PREPARE_ONLY=1 (generate the stores and stop:
# generation needs no quiet machine, the measurement does, so the two can be run apart).
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
steady_rate="${STEADY_RATE:-2000}"
# wrk's pacing: each of the 8 steady connections waits this long after every answer.
steady_delay=$((8000 / steady_rate))

bin="${WARRAQ_BIN:-}"
if [ -z "$bin" ]; then
  cargo build --release -q -p warraq
  bin=target/release/warraq
fi
mkdir -p "$scale_dir"
results="$(mktemp)"
# Pages, samples and figures of this run, per store: $work/<backend>-<n>/.
work="$(mktemp -d)"
# The steady load is shared by the sizes, measured at once: each size's wrk pauses as
# many times longer.
printf 'function delay()\n  return %d\nend\n' "$((steady_delay * ${#sizes[@]}))" >"$work/paced.lua"
# The servers up, by store size (several are up at once during the warm and steady
# measurements).
declare -A pid_of=() base_of=() log_of=()
cleanup() {
  local n
  for n in "${!pid_of[@]}"; do
    kill "${pid_of[$n]}" 2>/dev/null && wait "${pid_of[$n]}" 2>/dev/null
    rm -f "${log_of[$n]}"
  done
  # KEEP_WORK=1 keeps every sample and every run's figures (the tables show medians and
  # pooled percentiles only), to see how far single runs swing.
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "scale: samples and per-run figures kept in $work" >&2; else rm -rf "$work"; fi
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
# Points $data and $store_args at the store of $backend/$n.
select_store() {
  data="$scale_dir/$backend-$n"
  store_args=(--data "$data")
  [ "$backend" = postgres ] && store_args+=(--database-url "$pg_url/warraq_scale_$n")
  pages="$work/$backend-$n"
  mkdir -p "$pages"
}

prepare() {
  select_store
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

# Starts a server on the store of $backend/$n (kept in pid_of, base_of and log_of by
# $n) and sets $base to its address.
start_server() {
  select_store
  local log
  log="$(mktemp)"
  # Working related articles out ahead of readers is off unless asked for: at a million
  # articles its sweep would take a quarter of a core for hours beside the measured
  # requests, at a thousand a few seconds, and the pages are what is compared.
  # (The variable, not the flag: a binary from before the setting ignores it.)
  WARRAQ_RELATED_AHEAD_PERCENT="${RELATED_AHEAD_PERCENT:-0}" \
    "$bin" serve --addr 127.0.0.1:0 "${store_args[@]}" >"$log" 2>&1 &
  pid_of[$n]=$!
  log_of[$n]="$log"
  for _ in $(seq 1 3000); do grep -q 'listening on' "$log" && break; sleep 0.1; done
  base="$(grep -o 'http://[0-9.:]*' "$log" | head -1)"
  base_of[$n]="$base"
  until curl -fs "$base/healthz" >/dev/null; do sleep 0.1; done
}

# Stops the server of $n.
stop_server() {
  kill "${pid_of[$n]}" 2>/dev/null || true
  wait "${pid_of[$n]}" 2>/dev/null || true
  rm -f "${log_of[$n]}"
  unset "pid_of[$n]" "base_of[$n]" "log_of[$n]"
}

# "p50 p99 requests/s" (ms) of a wrk run on the URL $1 with the options after it
# (`Accept-Encoding: gzip, br`, latencies asked); a status other than 2xx/3xx or a socket
# error is reported.
wrk_p50_p99() {
  local url=$1
  shift
  wrk --latency "$@" -H 'Accept-Encoding: gzip, br' "$url" |
    awk -v url="$url" '
      function ms(v) {
        if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v
      }
      $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
      /Requests\/sec/ { rps = $2 }
      /Non-2xx or 3xx responses/ { print "scale: " url " answered " $NF " requests with an error status" > "/dev/stderr" }
      /Socket errors/ { print "scale: " url ": " $0 > "/dev/stderr" }
      END { printf "%.2f %.2f %.0f", p50, p99, rps }'
}

# The CPU time the hypervisor gave to other machines ("steal"), as "stolen total" in
# /proc/stat's ticks, and the share of it since such a snapshot. On a shared host a
# phase with a high steal share has a tail made by the host, not by warraq; the table of
# these shares, printed at the end, says how far the run's p99s can be read.
cpu_snapshot() { awk '/^cpu / { print $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }
stolen_since() {
  awk -v then="$1" '/^cpu / {
    split(then, t, " "); total = $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9
    printf "%.1f", (total > t[2] ? 100 * ($9 - t[1]) / (total - t[2]) : 0)
  }' /proc/stat
}

# p50 and p99 (ms) at a steady rate: wrk on the second core (the caller pins the servers to
# the first), 8 connections each waiting $steady_delay ms times the number of sizes after
# every answer, so about $STEADY_RATE requests/s with the other sizes' wrks beside it. hey did this until run 8, but it reports to a tenth of a
# millisecond, coarser than the differences being looked for; wrk reports microseconds.
steady_p50_p99() {
  # A subshell pinned to the second core; wrk inherits it.
  (
    taskset -p -c 1 "$BASHPID" >/dev/null
    wrk_p50_p99 "$1" -t1 -c8 -d"${seconds}s" -s "$work/paced.lua"
  )
}

# Times the first request of each path of the list $1 (a file under each size's $pages)
# at every size, interleaved request by request (path i at each size in turn, then path
# i+1), each server (all up) on its own keep-alive connection, and appends each size's
# times (ms, one a line) to its $pages/$2. A spell of noise so falls on every size alike.
interleaved_samples() {
  local n pages data store_args triples=()
  for n in "${sizes[@]}"; do
    select_store
    triples+=("${base_of[$n]}" "$pages/$1" "$pages/$2")
  done
  python3 bench/cold_interleaved.py "${triples[@]}"
}

# "p50 p99" (ms) of the samples in the file $1, one a line.
p50_p99_of() {
  python3 -c '
import sys
times = sorted(float(line) for line in open(sys.argv[1]) if line.strip())
pick = lambda q: times[min(len(times) - 1, int(q * len(times)))]
print("%.2f %.2f" % (pick(0.5), pick(0.99)))' "$1"
}

# The median of each column of the lines on stdin ("p50 p99" or "p50 p99 rps", one line
# a run).
median_fields() {
  python3 -c '
import statistics, sys
rows = [[float(v) for v in line.split()] for line in sys.stdin if line.strip()]
print(" ".join("%.2f" % statistics.median(column) for column in zip(*rows)))'
}

# Writes the pages to ask of the store of $backend/$n into $pages: the cold lists
# (articles, sections, tags, api: one path a line) and the single pages (recent, old,
# section, tag, index, file: one path each). Read from the database, no server needed.
plan_pages() {
  select_store
  local n_visible newest_id old_id section tag cursors tag_cursors ids
  newest_id=$(sql "SELECT id FROM articles WHERE status = 'published' ORDER BY sort_at DESC, id DESC LIMIT 1")
  old_id=$(sql "SELECT id FROM articles WHERE status = 'published' ORDER BY sort_at, id LIMIT 1")
  n_visible=$(sql "SELECT MAX(id) FROM articles WHERE status = 'published'")
  section=$(sql "SELECT slug FROM sections ORDER BY id LIMIT 1")
  tag=$(sql "SELECT tag_slug FROM article_tags WHERE article_id = $newest_id ORDER BY tag_slug LIMIT 1")
  article_path() { sql "SELECT '/article/' || id || '/' || slug FROM articles WHERE id = $1"; }
  article_path "$newest_id" >"$pages/recent"
  article_path "$old_id" >"$pages/old"
  echo "/section/$section" >"$pages/section"
  echo "/tag/$tag" >"$pages/tag"
  echo /api/v1/articles >"$pages/api_first"
  # The largest sitemap index: the first of the older ones (100 files of 1,000 ids) once
  # the store has ids past 100,000, otherwise /sitemap.xml, the only one.
  if [ "$(sql "SELECT MAX(id) FROM articles")" -gt 100000 ]; then
    echo /sitemaps/index-1.xml >"$pages/index"
  else
    echo /sitemap.xml >"$pages/index"
  fi
  # The newest article sitemap (up to 1,000 URLs); the index keeps a summary per file of
  # 1,000 ids.
  echo "/sitemaps/articles-$(( (newest_id - 1) / 1000 + 1 )).xml" >"$pages/file"
  # Ids and cursors spread evenly over the store, in a shuffled order.
  ids=$(python3 -c "
import random
random.seed(7)
n, k = $n_visible, $cold
ids = sorted({max(1, round((i + 0.5) * n / k)) for i in range(k)})
random.shuffle(ids)
print(','.join(map(str, ids)))")
  sql "SELECT '/article/' || id || '/' || slug FROM articles WHERE id IN ($ids)" >"$pages/articles"
  if [ "$backend" = postgres ]; then
    cursors=$(sql "SELECT (EXTRACT(EPOCH FROM sort_at) * 1000000)::BIGINT || '.' || id FROM articles WHERE id IN ($ids)")
  else
    cursors=$(sql "SELECT CAST(sort_at AS TEXT) || '.' || id FROM articles WHERE id IN ($ids)")
  fi
  sed "s|^|/section/$section?after=|" <<<"$cursors" >"$pages/sections"
  sed "s|^|/api/v1/articles?cursor=|" <<<"$cursors" >"$pages/api"
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
  sed "s|^|/tag/$tag?after=|" <<<"$tag_cursors" >"$pages/tags"
}

# Readies the store of $backend/$n for measuring: lets the webhook dispatcher catch up
# (a store kept from an older generator), then has the operating system read its files.
settle_store() {
  select_store
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
}

# First reads: an article page whose related articles nobody asked for since the search
# index was built works them out (a search that grows with the store) and keeps them
# beside the index. The kept lists are thrown away first, so that this pass is always a
# first read, whatever earlier runs asked for. Every size's server is up and the sizes
# are interleaved request by request (see interleaved_samples).
first_reads() {
  local n pages data store_args base
  for n in "${sizes[@]}"; do
    select_store
    rm -f "$data/search/related.sqlite" "$data/search/related.sqlite-wal" "$data/search/related.sqlite-shm"
  done
  for n in "${sizes[@]}"; do start_server; done
  interleaved_samples articles first.samples
  for n in "${sizes[@]}"; do stop_server; done
  for n in "${sizes[@]}"; do
    select_store
    echo "$backend $n|$(p50_p99_of "$pages/first.samples")" >>"$results.first"
  done
}

# One cold round of every store of $backend: "cold" is warraq's cold, a new server
# process with nothing rendered or cached in it (its article pages find the related
# lists the first reads kept, as a restarted node finds those its pages kept before).
# A fresh server per size, all up; the first request of every page, each kind's times
# added to its samples. The single pages are asked of each size in turn, the lists
# interleaved request by request (see interleaved_samples).
cold_round() {
  local n pages data store_args base
  for n in "${sizes[@]}"; do start_server; done
  local single
  for single in home index file; do
    for n in "${sizes[@]}"; do
      select_store
      if [ "$single" = home ]; then echo /; else cat "$pages/$single"; fi |
        python3 bench/cold_requests.py "${base_of[$n]}" >>"$pages/$single.rounds"
    done
  done
  local kind
  for kind in articles sections tags api; do
    interleaved_samples "$kind" "$kind.samples"
  done
  for n in "${sizes[@]}"; do stop_server; done
}

# The URL of the page $1 of the store $n.
url_of_page() {
  local path
  case "$1" in
    home) path=/ ;;
    *) path=$(cat "$pages/$1") ;;
  esac
  echo "${base_of[$n]}$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe="/?=&.-_~"))' "$path")"
}

# The pages of the warm and steady measurements: key (the file under $pages that holds its
# path)|name in the tables|cold samples (the file of the list of pages timed cold, whose
# times are in <name>.samples, or <name>.rounds for a page asked once a server).
page_kinds=(
  "recent|article (recent)|articles"
  "old|article (old)|articles"
  "home|home|home"
  "section|section|sections"
  "tag|tag|tags"
  "api_first|API list|api"
  "index|sitemap index (largest)|index"
  "file|article sitemap|file"
)

# Measures every store of $backend, the sizes side by side.
measure_backend() {
  for n in "${sizes[@]}"; do plan_pages; settle_store; done
  echo "== first reads on $backend: ${sizes[*]} articles, interleaved" >&2
  first_reads
  local round snapshot
  snapshot=$(cpu_snapshot)
  for round in $(seq 1 "${COLD_ROUNDS:-3}"); do
    echo "== cold round $round on $backend: ${sizes[*]} articles, interleaved" >&2
    cold_round
  done
  echo "$backend|cold rounds|$(stolen_since "$snapshot")" >>"$results.steal"
  snapshot=$(cpu_snapshot)
  # Warm and steady: a server per size, all up; page by page, size by size.
  for n in "${sizes[@]}"; do start_server; done
  local entry key name samples url
  for entry in "${page_kinds[@]}"; do
    IFS='|' read -r key name samples <<<"$entry"
    for n in "${sizes[@]}"; do
      select_store
      url=$(url_of_page "$key")
      echo "$url" >"$pages/$key.url"
      curl -fs -o /dev/null "$url" || echo "scale: $url does not answer 200" >&2
      wrk --latency -t2 -c"$connections" -d3s -H 'Accept-Encoding: gzip, br' "$url" >/dev/null
      wrk_p50_p99 "$url" -t2 -c"$connections" -d"${seconds}s" >"$pages/$key.warm"
    done
  done
  echo "$backend|warm|$(stolen_since "$snapshot")" >>"$results.steal"
  # The steady rate, every size at once: the servers on core 0 and the wrks on core 1
  # (every thread of each server).
  local run
  for run in $(seq 1 "${STEADY_RUNS:-3}"); do
    snapshot=$(cpu_snapshot)
    for entry in "${page_kinds[@]}"; do
      IFS='|' read -r key name samples <<<"$entry"
      for n in "${sizes[@]}"; do taskset -a -p -c 0 "${pid_of[$n]}" >/dev/null; done
      local steady_pids=()
      for n in "${sizes[@]}"; do
        select_store
        { steady_p50_p99 "$(cat "$pages/$key.url")"; echo; } >>"$pages/$key.steady" &
        steady_pids+=($!)
      done
      wait "${steady_pids[@]}"
      for n in "${sizes[@]}"; do taskset -a -p -c 0,1 "${pid_of[$n]}" >/dev/null; done
    done
    echo "$backend|steady run $run|$(stolen_since "$snapshot")" >>"$results.steal"
  done
  for n in "${sizes[@]}"; do
    select_store
    local coldv steady
    for entry in "${page_kinds[@]}"; do
      IFS='|' read -r key name samples <<<"$entry"
      case "$samples" in
        home | index | file) coldv=$(median_fields <"$pages/$samples.rounds") ;;
        *) coldv=$(p50_p99_of "$pages/$samples.samples") ;;
      esac
      steady=$(median_fields <"$pages/$key.steady")
      # Each steady run's p99 too, in run order: the sizes of a run ran at the same time.
      echo "$backend $n $name|$(cat "$pages/$key.warm")|$coldv|$steady|$(awk 'NF { printf "%s ", $2 }' "$pages/$key.steady")" >>"$results.raw"
      echo "  $backend $n $name: warm p50/p99/rps $(cat "$pages/$key.warm"); cold p50/p99 $coldv; steady p50/p99/rps $steady" >&2
    done
    local rss size gen_seconds rate
    rss=$(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/${pid_of[$n]}/status")
    stop_server
    if [ "$backend" = sqlite ]; then
      size=$(stat -c %s "$data/warraq.db")
    else
      size=$(psql -q -At "$pg_url/postgres" -c "SELECT pg_database_size('warraq_scale_$n')")
    fi
    gen_seconds=$(cat "$data/generated.txt")
    rate=$(grep -o '[0-9]* articles/s' "$data/generate.log" | head -1 || true)
    echo "$backend|$n|$(awk -v s="$size" 'BEGIN { printf "%.0f MiB", s / 1048576 }')|$rss MiB|${gen_seconds} s (${rate:-?})" >>"$results.stores"
  done
}

: >"$results.raw"
: >"$results.stores"
: >"$results.first"
: >"$results.steal"
for backend in $backends; do
  for n in "${sizes[@]}"; do prepare; done
  [ "${PREPARE_ONLY:-0}" = 1 ] && continue
  measure_backend
done
[ "${PREPARE_ONLY:-0}" = 1 ] && { echo "scale: stores generated under $scale_dir; run again without PREPARE_ONLY to measure" >&2; exit 0; }

echo
echo "Stores (warraq $("$bin" --version | awk '{print $2}'), $(nproc) cores, wrk -t2 -c$connections, steady: a wrk a size at once, 8 connections each pausing $((steady_delay * ${#sizes[@]})) ms, ${seconds} s per page):"
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
echo "p99 at each size over p99 at the smallest (steady / saturated warm / cold). The steady"
echo "sizes of a run ran at the same time, so the paired ratio (each run's p99 over the"
echo "smallest size's in that run, the median over the runs) is the one to read; the ratio of"
echo "the medians is beside it:"
echo
python3 - "${sizes[0]}" "$results.raw" <<'PY'
import statistics, sys
smallest, rows = sys.argv[1], [line.rstrip("\n").split("|") for line in open(sys.argv[2])]
def fields(text): return [float(v) for v in text.split()]
base = {}
for label, warm, cold, steady, runs in rows:
    backend, n, name = label.split(" ", 2)
    if n == smallest:
        base[backend, name] = (fields(warm)[1], fields(cold)[1], fields(steady)[1], fields(runs))
print("| backend, page | articles | steady p99 ratio, paired by run | steady p99 ratio of medians | saturated warm p99 ratio | cold p99 ratio |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
ratio = lambda a, b: a / b if b else float("nan")
for label, warm, cold, steady, runs in rows:
    backend, n, name = label.split(" ", 2)
    if n == smallest:
        continue
    bw, bc, bs, bruns = base[backend, name]
    paired = statistics.median(ratio(a, b) for a, b in zip(fields(runs), bruns))
    print(f"| {backend} {name} | {int(n):,} | {paired:.2f} | {ratio(fields(steady)[1], bs):.2f} | "
          f"{ratio(fields(warm)[1], bw):.2f} | {ratio(fields(cold)[1], bc):.2f} |")
PY
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
echo
echo "CPU time taken by the hypervisor for other machines (steal) in each phase: over a few per cent, a phase's p99s are the host's:"
echo
echo "| backend | phase | steal |"
echo "| --- | --- | ---: |"
awk -F'|' '{ printf "| %s | %s | %s %% |\n", $1, $2, $3 }' "$results.steal"
rm -f "$results" "$results.raw" "$results.stores" "$results.first" "$results.steal"
