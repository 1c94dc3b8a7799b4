#!/usr/bin/env bash
# Requests per second and latency percentiles for one article page on loopback.
# Usage: bench/article_page.sh [connections] [seconds] [--database-url URL]
# Builds the release binary, starts `warraq serve --demo` on a free port with a fresh data
# folder (or the given PostgreSQL database), picks the first article of the home page and
# loads it with wrk (Debian package `wrk`), 2 threads. ACCEPT_ENCODING (e.g. 'gzip, br', as
# browsers send) is sent with every request when set; the page is uncompressed otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
connections="${1:-64}"
seconds="${2:-30}"
shift $(( $# > 2 ? 2 : $# )) || true
command -v wrk >/dev/null || { echo "bench: install wrk (apt-get install wrk)" >&2; exit 1; }

# WARRAQ_BIN may name an already built release binary.
bin="${WARRAQ_BIN:-}"
if [ -z "$bin" ]; then
  cargo build --release -q -p warraq
  bin=target/release/warraq
fi
data="$(mktemp -d)"
log="$(mktemp)"
"$bin" serve --demo --addr 127.0.0.1:0 --data "$data" "$@" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data" "$log"' EXIT
for _ in $(seq 1 600); do grep -q 'listening on' "$log" && break; sleep 0.1; done
base="$(grep -o 'http://[0-9.:]*' "$log" | head -1)"
until curl -fs "$base/healthz" >/dev/null; do sleep 0.1; done
home="$(curl -fs "$base/")"
path="$(grep -o 'href="/article/[^"]*"' <<<"$home" | sed -n 1p | cut -d'"' -f2)"
echo "article: $base$path"
accept=()
[ -n "${ACCEPT_ENCODING:-}" ] && accept=(-H "Accept-Encoding: $ACCEPT_ENCODING")
curl -fs -o /dev/null "${accept[@]}" \
  -w 'page size: %{size_download} bytes, status %{http_code}\n' "$base$path"
wrk --latency -t2 -c"$connections" -d"${seconds}s" "${accept[@]}" "$base$path"
