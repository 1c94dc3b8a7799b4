"""Times the first request of each path read from stdin against BASE (one keep-alive
connection, one request at a time, `Accept-Encoding: gzip, br`) and prints "p50 p99" in
ms, or with --labelled "p50 … p90 … p99 … mean …", or with --raw every time (ms), one a
line, in the order asked (for pooling the samples of several servers). Used by scale.sh
and cold_pair.sh.

    python3 bench/cold_requests.py http://127.0.0.1:8080 [--labelled | --raw] < paths
"""

import http.client
import sys
import time
import urllib.parse

base = urllib.parse.urlsplit(sys.argv[1])
labelled = "--labelled" in sys.argv[2:]
raw = "--raw" in sys.argv[2:]
conn = http.client.HTTPConnection(base.hostname, base.port, timeout=60)
times = []
for line in sys.stdin:
    path = urllib.parse.quote(line.strip(), safe="/?=&.-_~%")
    if not path:
        continue
    start = time.perf_counter()
    conn.request("GET", path, headers={"Accept-Encoding": "gzip, br"})
    resp = conn.getresponse()
    resp.read()
    times.append((time.perf_counter() - start) * 1000)
    if resp.status != 200:
        print(f"cold: {resp.status} for {path}", file=sys.stderr)
if not times:
    sys.exit("cold: no paths on stdin")
if raw:
    print("\n".join(f"{t:.3f}" for t in times))
    sys.exit(0)
times.sort()


def pick(q):
    return times[min(len(times) - 1, int(q * len(times)))]


if labelled:
    mean = sum(times) / len(times)
    print(f"p50 {pick(0.5):.2f} p90 {pick(0.9):.2f} p99 {pick(0.99):.2f} mean {mean:.2f}")
else:
    print(f"{pick(0.5):.2f} {pick(0.99):.2f}")
