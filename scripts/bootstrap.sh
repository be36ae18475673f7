#!/usr/bin/env bash
# Installs what stripe-config needs on a fresh machine, and does nothing when it is all there:
# npm dependencies, the example shop's runtime package, Debian's Chromium (3DS challenge pages), and a
# check for Terraform >= 1.11.
# Runs before `npm test` and `npm run gate:all` (npm's pre-scripts), so a new clone needs no setup.
set -euo pipefail
cd "$(dirname "$0")/.."

# A node_modules that is a link (a git worktree sharing another checkout's install) is that checkout's
# to update: `npm ci` here would empty the shared folder through the link for everyone using it.
if [ -L node_modules ]; then
  echo "bootstrap: node_modules links to a shared install ($(readlink node_modules)); not running npm ci" >&2
elif [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "bootstrap: installing npm dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi

# examples/shop imports stripe-config/runtime as an installed package (the type-check and the loopback
# shop need it): the repository's runtime, packed once per content hash and installed into its node_modules.
node_modules/.bin/tsx scripts/build-runtime-package.ts --shop >&2

# Debian's chromium-headless-shell is the browser the 3DS challenge pages run in (what Playwright runs
# for headless work, about a third of the full browser's CPU); an installed full chromium is used as it is.
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium-headless-shell >/dev/null 2>&1; then
  if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
    echo "bootstrap: using the full chromium; Debian's chromium-headless-shell runs the journeys with about a third of its CPU (sudo apt-get install -y chromium-headless-shell)" >&2
  elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bootstrap: installing Debian's chromium-headless-shell for the 3DS challenge pages" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell >/dev/null
  else
    echo "bootstrap: Chromium not found. Install it (Debian: sudo apt-get install -y chromium-headless-shell) or set CHROMIUM_PATH." >&2
    exit 1
  fi
fi

if ! command -v terraform >/dev/null 2>&1; then
  echo "bootstrap: terraform not found on PATH; install Terraform >= 1.11 (write-only attributes need it)." >&2
  exit 1
fi
