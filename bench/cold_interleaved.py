r"""Times the first request of each path of several servers, interleaved request by request:
path 1 of the first server, path 1 of the second, ..., then path 2 of each, and so on, one
request at a time, each server on its own keep-alive connection, `Accept-Encoding: gzip,
br` (the same request as cold_requests.py). A spell of noise on the machine (seconds long)
so falls on every server alike instead of on one server's block of requests. Each
server's paths come from its PATHS file (one a line); when the lists differ in length, the
longer ones go on alone. Each time (ms) is appended to that server's OUT file, one a line,
in the order asked. A status other than 200 is reported on stderr. Used by scale.sh.

    python3 bench/cold_interleaved.py BASE PATHS OUT [BASE PATHS OUT ...]
    python3 bench/cold_interleaved.py http://127.0.0.1:8080 a/articles a/articles.samples \
        http://127.0.0.1:8081 b/articles b/articles.samples
"""

import http.client
import sys
import time
import urllib.parse

args = sys.argv[1:]
if not args or len(args) % 3:
    sys.exit(__doc__.split("\n\n")[1].rstrip())

servers = []
for i in range(0, len(args), 3):
    base, paths_file, out_file = args[i : i + 3]
    with open(paths_file) as f:
        paths = [urllib.parse.quote(line.strip(), safe="/?=&.-_~%") for line in f]
    paths = [path for path in paths if path]
    if not paths:
        sys.exit(f"cold: no paths in {paths_file}")
    split = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(split.hostname, split.port, timeout=60)
    servers.append({"paths": paths, "out": out_file, "conn": conn, "times": []})

for i in range(max(len(server["paths"]) for server in servers)):
    for server in servers:
        if i >= len(server["paths"]):
            continue
        path = server["paths"][i]
        conn = server["conn"]
        start = time.perf_counter()
        conn.request("GET", path, headers={"Accept-Encoding": "gzip, br"})
        resp = conn.getresponse()
        resp.read()
        server["times"].append((time.perf_counter() - start) * 1000)
        if resp.status != 200:
            print(f"cold: {resp.status} for {path}", file=sys.stderr)

# Written once all is asked, so that no file is written between the timed requests.
for server in servers:
    server["conn"].close()
    with open(server["out"], "a") as f:
        f.write("".join(f"{t:.3f}\n" for t in server["times"]))
