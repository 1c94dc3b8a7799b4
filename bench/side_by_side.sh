#!/usr/bin/env bash
# warraq's cached pages against nginx serving the same page as a static file, on one
# machine in one run, printed as a Markdown table (medians of the repetitions, and
# warraq/nginx ratios of requests per second).
#
# Usage: bench/side_by_side.sh [seconds per run (10)] [repetitions (3)]
#   WARRAQ_BIN=<release binary> to skip the build; CONNECTIONS="64 8" to choose the loads.
#
# What runs: `warraq serve --demo` on a free port (fresh SQLite data folder); the first
# article of its home page is saved as a file, with a gzip copy beside it (`gzip -6`,
# the level warraq keeps), and served by nginx (Debian `nginx-light`/`nginx`) started on
# another free port with a generated configuration in a temporary folder (`gzip_static
# on`, access log off, as many workers as cores). wrk (Debian `wrk`, 2 threads) loads:
#   article gzip,br   warraq's article page, `Accept-Encoding: gzip, br` (a browser: brotli)
#   article gzip      the same, `Accept-Encoding: gzip` (the same coding as nginx)
#   nginx gzip_static the saved page from nginx, `Accept-Encoding: gzip, br` (gzip)
#   article identity  warraq, no `Accept-Encoding`
#   home gzip,br      warraq's home page
#   API list gzip,br  warraq's `/api/v1/articles`
# at each number of connections, the targets interleaved within each repetition. Before
# loading, curl checks that a repeat visit (If-None-Match with the page's ETag) gets 304.
# wrk, warraq and nginx share the machine's cores: figures are lower bounds.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
reps="${2:-3}"
connections="${CONNECTIONS:-64 8}"
for tool in wrk nginx curl gzip; do
  command -v "$tool" >/dev/null || PATH="$PATH:/usr/sbin"
  command -v "$tool" >/dev/null || {
    echo "bench: install $tool (apt-get install -y wrk nginx-light curl gzip)" >&2
    exit 1
  }
done

bin="${WARRAQ_BIN:-}"
if [ -z "$bin" ]; then
  cargo build --release -q -p warraq
  bin=target/release/warraq
fi

tmp="$(mktemp -d)"
warraq_pid=""
nginx_pid=""
cleanup() {
  [ -n "$warraq_pid" ] && kill "$warraq_pid" 2>/dev/null && wait "$warraq_pid" 2>/dev/null
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

# warraq
"$bin" serve --demo --addr 127.0.0.1:0 --data "$tmp/data" >"$tmp/warraq.log" 2>&1 &
warraq_pid=$!
for _ in $(seq 1 600); do grep -q 'listening on' "$tmp/warraq.log" && break; sleep 0.1; done
base="$(grep -o 'http://[0-9.:]*' "$tmp/warraq.log" | head -1)"
until curl -fs "$base/healthz" >/dev/null; do sleep 0.1; done
path="$(curl -fs "$base/" | grep -o 'href="/article/[^"]*"' | sed -n 1p | cut -d'"' -f2)"

# The same page as a file, gzip beside it, for nginx.
mkdir -p "$tmp/www" "$tmp/nginx"
curl -fs -o "$tmp/www/article.html" "$base$path"
gzip -6 -k -n "$tmp/www/article.html"
chmod -R a+rX "$tmp"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
cat >"$tmp/nginx/nginx.conf" <<EOF
daemon off;
worker_processes auto;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  types { text/html html; }
  client_body_temp_path $tmp/nginx/body;
  proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi;
  uwsgi_temp_path $tmp/nginx/uwsgi;
  scgi_temp_path $tmp/nginx/scgi;
  server {
    listen 127.0.0.1:$port;
    root $tmp/www;
    gzip_static on;
    gzip_vary on;
    location / { }
  }
}
EOF
nginx -c "$tmp/nginx/nginx.conf" -p "$tmp/nginx" -e "$tmp/nginx/error.log" &
nginx_pid=$!
until curl -fs -o /dev/null "http://127.0.0.1:$port/article.html"; do sleep 0.1; done

# What each side sends.
size() { curl -fs -o /dev/null -w '%{size_download} bytes, %{content_type}, status %{http_code}' "$@"; }
echo "article: $base$path"
echo "  warraq br:       $(size -H 'Accept-Encoding: gzip, br' "$base$path")"
echo "  warraq gzip:     $(size -H 'Accept-Encoding: gzip' "$base$path")"
echo "  warraq identity: $(size "$base$path")"
echo "  nginx gzip:      $(size -H 'Accept-Encoding: gzip, br' "http://127.0.0.1:$port/article.html")"
etag="$(curl -fs -D - -o /dev/null -H 'Accept-Encoding: gzip, br' "$base$path" | tr -d '\r' | sed -n 's/^etag: //Ip')"
repeat="$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept-Encoding: gzip, br' -H "If-None-Match: $etag" "$base$path")"
echo "  repeat visit with If-None-Match $etag: $repeat"
[ "$repeat" = 304 ] || { echo "bench: a repeat visit should get 304" >&2; exit 1; }
echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

names=("article gzip,br" "article gzip" "nginx gzip_static" "article identity" "home gzip,br" "API list gzip,br")
urls=("$base$path" "$base$path" "http://127.0.0.1:$port/article.html" "$base$path" "$base/" "$base/api/v1/articles")
accepts=("gzip, br" "gzip" "gzip, br" "" "gzip, br" "gzip, br")

# wrk's "1.23ms" as milliseconds.
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000} printf "%.2f", v}'; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2}'; }

results="$tmp/results"
: >"$results"
for c in $connections; do
  for rep in $(seq 1 "$reps"); do
    for i in "${!names[@]}"; do
      header=()
      [ -n "${accepts[$i]}" ] && header=(-H "Accept-Encoding: ${accepts[$i]}")
      out="$(wrk --latency -t2 -c"$c" -d"${seconds}s" "${header[@]}" "${urls[$i]}")"
      rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
      p50="$(awk '$1 == "50%" {print $2}' <<<"$out" | to_ms)"
      p99="$(awk '$1 == "99%" {print $2}' <<<"$out" | to_ms)"
      errors="$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ' | paste -sd ';' || true)"
      printf '%s\t%s\t%s\t%s\t%s\n' "$c" "$i" "$rps" "$p50" "$p99" >>"$results"
      printf '  c=%s rep %s %-18s %10s req/s  p50 %6s ms  p99 %6s ms %s\n' \
        "$c" "$rep" "${names[$i]}" "$rps" "$p50" "$p99" "$errors" >&2
    done
  done
done

echo "| connections | what | req/s (median of $reps × ${seconds} s) | p50 ms | p99 ms | ÷ nginx gzip_static |"
echo "| --- | --- | --- | --- | --- | --- |"
for c in $connections; do
  pick() { awk -F'\t' -v c="$c" -v i="$1" -v col="$2" '$1 == c && $2 == i {print $col}' "$results" | median; }
  nginx_rps="$(pick 2 3)"
  for i in "${!names[@]}"; do
    rps="$(pick "$i" 3)"
    ratio="$(awk -v a="$rps" -v b="$nginx_rps" 'BEGIN {printf "%.2f", a / b}')"
    printf '| %s | %s | %.0f | %s | %s | %s |\n' "$c" "${names[$i]}" "$rps" "$(pick "$i" 4)" "$(pick "$i" 5)" "$ratio"
  done
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
