#!/usr/bin/env bash
# `npm test`: the type-check and jest side by side. tsc runs on one core for about 17 s; run first, it
# left the other core idle that long, while jest alone keeps both busy (docs/BENCHMARKS.md, section 7).
# Arguments go to jest, as they did when this was `tsc … && jest`. Fails if either fails.
set -uo pipefail
cd "$(dirname "$0")/.."

node_modules/.bin/tsc --noEmit -p tsconfig.json &
typecheck=$!
node_modules/.bin/jest "$@"
tests=$?
wait "$typecheck"
types=$?
if [ "$types" -ne 0 ]; then
  echo "npm test: the type-check failed (tsc's errors are above)" >&2
fi
if [ "$tests" -ne 0 ]; then exit "$tests"; fi
exit "$types"
