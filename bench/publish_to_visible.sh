#!/usr/bin/env bash
# How long after a publication readers see it: on the node that took the write and on a
# second node sharing its PostgreSQL database. p50/p99 over N publications.
#
# Usage: bench/publish_to_visible.sh [publications (50)] [--database-url URL]
#   WARRAQ_BIN=<release binary> to skip the build. Without --database-url a fresh database
#   `warraq_bench_visible_<pid>` is created on postgres://postgres@127.0.0.1:5432 (psql)
#   and dropped at the end.
#
# Two `warraq serve` processes share the database (the first with --demo content). A
# token for the demo chief (`warraq token create chief@warraq.test`) writes through the
# write API: each story is created as a draft, then, while both nodes hold warm cached
# home pages and API lists, published with one `POST …/transitions {"to":"published"}`.
# From the moment that answer returns (the publication is committed), each node is
# polled (HTTP keep-alive, about every 2 ms) until its article page answers 200, its home
# page shows the headline and its `/api/v1/articles` lists the story. The home page and
# the API list are cached pages: they change only when the node's follower has applied
# the change log (polled every 200 ms) and rendered them again.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-50}"
shift $(( $# > 0 ? 1 : 0 )) || true
url=""
if [ "${1:-}" = "--database-url" ]; then url="$2"; fi

bin="${WARRAQ_BIN:-}"
if [ -z "$bin" ]; then
  cargo build --release -q -p warraq
  bin=target/release/warraq
fi
tmp="$(mktemp -d)"
pids=()
made_db=""
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  [ -n "$made_db" ] && dropdb -h 127.0.0.1 -U postgres --if-exists "$made_db" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
if [ -z "$url" ]; then
  made_db="warraq_bench_visible_$$"
  createdb -h 127.0.0.1 -U postgres "$made_db"
  url="postgres://postgres@127.0.0.1:5432/$made_db"
fi

# Starts a node; its address in $node_url (not a subshell: the trap must know its pid).
start() { # name, extra args…
  local name="$1"; shift
  "$bin" serve --addr 127.0.0.1:0 --data "$tmp/$name" --database-url "$url" "$@" >"$tmp/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 600); do grep -q 'listening on' "$tmp/$name.log" && break; sleep 0.1; done
  node_url="$(grep -o 'http://[0-9.:]*' "$tmp/$name.log" | head -1)"
  until curl -fs -o /dev/null "$node_url/healthz"; do sleep 0.1; done
}
start one --demo
one="$node_url"
start two
two="$node_url"
token="$("$bin" token create chief@warraq.test --label bench --database-url "$url")" || {
  cat "$tmp/one.log" >&2
  exit 1
}
echo "nodes: $one (takes the writes), $two; database $url"

python3 - "$one" "$two" "$token" "$count" <<'PY'
import http.client, json, math, sys, time, urllib.parse

one, two, token, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

class Node:
    def __init__(self, base):
        u = urllib.parse.urlsplit(base)
        self.conn = http.client.HTTPConnection(u.hostname, u.port)
    def ask(self, method, path, body=None, headers=None):
        self.conn.request(method, path, body=body, headers=headers or {})
        r = self.conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()

writer, nodes = Node(one), {"node 1": Node(one), "node 2": Node(two)}
auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
checks = ["article page", "home page", "API list"]
waits = {(n, c): [] for n in nodes for c in checks}

for i in range(count):
    headline = f"خبر القياس رقم {i} {time.time_ns()}"
    doc = {
        "uri": f"urn:newsml:bench.test:visible:{time.time_ns()}:{i}",
        "standard": {"name": "ninjs", "version": "3.1",
                     "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json"},
        "type": "text", "language": "ar",
        "headlines": [{"role": "main", "value": headline}],
        "bodies": [{"role": "main", "contentType": "text/html",
                    "value": "<p>نص خبر القياس.</p>"}],
        "subjects": [{"name": "آسيا", "rel": "section"}],
    }
    status, headers, body = writer.ask("POST", "/api/v1/articles", json.dumps(doc), auth)
    assert status == 201, (status, body[:300])
    article = headers["location"].rsplit("/", 1)[1]
    # Warm, recently read pages on both nodes, as a busy site has.
    for node in nodes.values():
        for path in ("/", "/api/v1/articles"):
            node.ask("GET", path)
            node.ask("GET", path)
    status, _, body = writer.ask("POST", f"/api/v1/articles/{article}/transitions",
                                 json.dumps({"to": "published"}), auth)
    assert status == 200, (status, body[:300])
    published = time.monotonic()
    pending = {(n, c) for n in nodes for c in checks}
    page = {}
    while pending:
        assert time.monotonic() - published < 10, f"not visible within 10 s: {pending}"
        for (n, c) in sorted(pending):
            node = nodes[n]
            if c == "article page":
                if n not in page:
                    status, headers, _ = node.ask("GET", f"/article/{article}")
                    if status != 301:
                        continue
                    page[n] = headers["location"]
                status, _, _ = node.ask("GET", page[n])
                seen = status == 200
            elif c == "home page":
                seen = headline.encode() in node.ask("GET", "/")[2]
            else:
                items = json.loads(node.ask("GET", "/api/v1/articles")[2])["items"]
                seen = any(headline in json.dumps(it, ensure_ascii=False) for it in items)
            if seen:
                waits[(n, c)].append((time.monotonic() - published) * 1000)
                pending.discard((n, c))
        time.sleep(0.002)
    time.sleep(0.25)

def pct(values, p):
    """Nearest rank."""
    values = sorted(values)
    return values[max(0, math.ceil(p / 100 * len(values)) - 1)]

print(f"\n| where | what | p50 ms | p99 ms | max ms |  ({count} publications)")
print("| --- | --- | --- | --- | --- |")
for n in nodes:
    for c in checks:
        v = waits[(n, c)]
        print(f"| {n} | {c} | {pct(v, 50):.0f} | {pct(v, 99):.0f} | {max(v):.0f} |")
PY
