#!/usr/bin/env bash
# The whole test command: dependencies, private services, type check, lint, then vitest.
# Arguments go to vitest (e.g. `npm test -- test/foundation`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf 'test: %s\n' "$*"; }

# npm ci, or — when npm ci refuses a lock file that `npm install` accepts, as it does for optional
# platform packages the registry does not serve (npm/cli#9846) — npm install without saving.
install_dependencies() {
  local output
  if output="$(npm ci --no-audit --no-fund 2>&1)"; then
    printf '%s\n' "$output"
  elif grep -q 'can only install packages when your package.json and package-lock.json' <<<"$output"; then
    step "npm ci refused package-lock.json ($(grep -m1 -o 'Missing: [^ ]*' <<<"$output") ...); npm install --no-save instead"
    npm install --no-save --no-audit --no-fund
  else
    printf '%s\n' "$output" >&2
    return 1
  fi
}

if [[ ! -d node_modules ]]; then
  step "npm ci (node_modules is missing)"
  install_dependencies
elif [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  step "npm ci (node_modules is older than package-lock.json)"
  install_dependencies
else
  step "node_modules is up to date with package-lock.json; applying patches/ (already applied ones are kept)"
  npx --no-install patch-package
fi

step "services: making sure PostgreSQL and Redis binaries are installed"
bash scripts/ensure-services.sh

step "npm run typecheck"
npm run --silent typecheck

step "npm run lint"
npm run --silent lint

step "vitest run $*"
npx vitest run "$@"
