#!/bin/sh
# Builds the newsroom editor bundle into crates/warraq-web/static/newsroom/ (editor.js,
# editor.css, LICENSES.txt), installing the pinned packages first when they are missing.
#   editor/build.sh           build
#   editor/build.sh --check   build twice elsewhere: both builds and the committed files must be identical
set -eu
cd "$(dirname "$0")"
if [ ! -d node_modules/@tiptap/core ] || [ ! -d node_modules/esbuild ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ "${1:-}" = --check ]; then
  a=$(mktemp -d) b=$(mktemp -d)
  trap 'rm -rf "$a" "$b"' EXIT
  WARRAQ_EDITOR_OUT="$a" node build.mjs >/dev/null
  WARRAQ_EDITOR_OUT="$b" node build.mjs >/dev/null
  for f in editor.js editor.css LICENSES.txt; do
    cmp "$a/$f" "$b/$f" || { echo "build.sh: two builds differ: $f" >&2; exit 1; }
    cmp "$a/$f" "../crates/warraq-web/static/newsroom/$f" || { echo "build.sh: committed $f is not what the sources build (run editor/build.sh)" >&2; exit 1; }
  done
  echo "build.sh: reproducible; the committed bundle matches the sources"
else
  node build.mjs
fi
