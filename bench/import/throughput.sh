#!/usr/bin/env bash
# Import throughput: generates ninjs files (10,000 by default) into a temporary folder and
# imports them, then imports them again (every item unchanged), printing items per second.
# Usage: bench/import/throughput.sh [sqlite|postgres|both] [items]
# PostgreSQL: WARRAQ_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test);
# each run uses its own schema.
set -euo pipefail
cd "$(dirname "$0")/../.."
backend="${1:-both}"
export WARRAQ_BENCH_ITEMS="${2:-10000}"
case "$backend" in
  sqlite|postgres) filter="import_throughput::$backend" ;;
  both) filter="import_throughput" ;;
  *) echo "usage: $0 [sqlite|postgres|both] [items]" >&2; exit 2 ;;
esac
cargo test -p warraq-import --release --test import -- --ignored "$filter" --nocapture --test-threads 1
