#!/usr/bin/env bash
# The local demo in one command: dependencies, a redis-server binary, then a whole engagement (tsx bin/demo.ts).
# Arguments go to the demo (e.g. `npm run demo -- --interactive`). With DATABASE_URL / REDIS_URL set it uses
# those servers; otherwise an embedded PGlite and a private redis-server that stops with the demo.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf 'demo: %s\n' "$*" >&2; }

# npm ci, or npm install without saving when npm ci refuses a lock file npm install accepts (as scripts/test.sh).
install_dependencies() {
  local output
  if output="$(npm ci --no-audit --no-fund 2>&1)"; then
    printf '%s\n' "$output" >&2
  elif grep -q 'can only install packages when your package.json and package-lock.json' <<<"$output"; then
    say "npm ci refused package-lock.json; npm install --no-save instead"
    npm install --no-save --no-audit --no-fund >&2
  else
    printf '%s\n' "$output" >&2
    return 1
  fi
}

if [[ ! -d node_modules ]]; then
  say "installing dependencies (npm ci; node_modules is missing)"
  install_dependencies
elif [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "updating dependencies (npm ci; node_modules is older than package-lock.json)"
  install_dependencies
fi

# Executable named $1 on PATH or in the usual system directories.
find_executable() {
  local dir
  IFS=: read -ra dirs <<<"$PATH:/usr/bin:/usr/sbin:/usr/local/bin"
  for dir in "${dirs[@]}"; do
    if [[ -n "$dir" && -f "$dir/$1" && -x "$dir/$1" ]]; then
      echo "$dir/$1"
      return 0
    fi
  done
  return 1
}

as_root() {
  if [[ "$(id -u)" == 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo -n "$@"
  else
    return 99
  fi
}

if [[ -z "${REDIS_URL:-}" ]] && ! find_executable redis-server >/dev/null; then
  if command -v apt-get >/dev/null && as_root true 2>/dev/null; then
    say "installing redis-server (apt-get; its system service is not started)"
    # Without policy-rc.d the package would start a system-wide redis on port 6379.
    created_policy=0
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
      as_root sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d'
      created_policy=1
    fi
    status=0
    {
      as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null
    } || status=$?
    if [[ "$created_policy" == 1 ]]; then as_root rm -f /usr/sbin/policy-rc.d; fi
    if [[ "$status" != 0 ]]; then
      say "apt-get could not install redis-server (exit $status)"
      exit 1
    fi
  fi
  if ! find_executable redis-server >/dev/null; then
    say "redis-server is missing. Install it, then run the demo again:"
    say "  Debian/Ubuntu: sudo apt-get install -y --no-install-recommends redis-server"
    say "  macOS:         brew install redis"
    say "or point the demo at a Redis you own: REDIS_URL=redis://host:6379 npm run demo"
    exit 1
  fi
fi

exec npx --no-install tsx bin/demo.ts "$@"
