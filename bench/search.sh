#!/usr/bin/env bash
# Search benchmark: indexing throughput, index size on disk, query and related-article
# latency (p50/p99) over the evaluation queries, on generated articles.
# Usage: bench/search.sh [articles]   (default 100000; about a minute on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run -q --release -p warraq-search --example bench -- --articles "${1:-100000}"
