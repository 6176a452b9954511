#!/usr/bin/env bash
# Makes sure the binaries the tests need to run PRIVATE PostgreSQL and Redis instances exist.
# It installs the Debian packages when missing (as root or with passwordless sudo) and never leaves
# a Debian-managed cluster or redis service running that the install itself started.
# Skips PostgreSQL when DATABASE_URL is set and Redis when REDIS_URL is set.
set -euo pipefail

say() { printf 'services: %s\n' "$*"; }

# Executable named $1 on PATH (bash's `command -v` also answers with non-executable files).
on_path() {
  local dir
  IFS=: read -ra dirs <<<"$PATH"
  for dir in "${dirs[@]}"; do
    if [[ -n "$dir" && -f "$dir/$1" && -x "$dir/$1" ]]; then
      echo "$dir/$1"
      return 0
    fi
  done
  return 1
}

pg_bin_dir() {
  if [[ -n "${TRIAD_PG_BIN:-}" && -x "$TRIAD_PG_BIN/postgres" ]]; then
    echo "$TRIAD_PG_BIN"
    return 0
  fi
  if on_path postgres >/dev/null && on_path initdb >/dev/null && on_path pg_ctl >/dev/null; then
    dirname "$(readlink -f "$(on_path initdb)")"
    return 0
  fi
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -Vr); do
    if [[ -x "$dir/postgres" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

redis_bin() {
  on_path redis-server || { [[ -x /usr/bin/redis-server ]] && echo /usr/bin/redis-server; }
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

can_install() {
  command -v apt-get >/dev/null && { [[ "$(id -u)" == 0 ]] || { command -v sudo >/dev/null && sudo -n true 2>/dev/null; }; }
}

pg_online_clusters() {
  command -v pg_lsclusters >/dev/null || return 0
  pg_lsclusters --no-header 2>/dev/null | awk '$4 ~ /^online/ { print $1 " " $2 }' || true
}

# Running and not a zombie (reads /proc: fresh images may lack procps).
alive() {
  local state
  state="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)"
  [[ -n "$state" && "$state" != Z ]]
}

redis_service_pid() {
  local pid_file=/run/redis/redis-server.pid pid
  [[ -r "$pid_file" ]] || return 0
  pid="$(cat "$pid_file")"
  if [[ -n "$pid" ]] && alive "$pid"; then echo "$pid"; fi
}

# Installs Debian packages without letting their maintainer scripts start services (policy-rc.d),
# then stops anything the install started anyway.
install_packages() {
  local pg_before redis_before created_policy=0
  pg_before="$(pg_online_clusters)"
  redis_before="$(redis_service_pid)"
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    as_root sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d'
    created_policy=1
  fi
  local status=0
  {
    say "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    say "apt-get install -y --no-install-recommends $*"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  } || status=$?
  if [[ "$created_policy" == 1 ]]; then as_root rm -f /usr/sbin/policy-rc.d; fi

  local cluster
  while read -r cluster; do
    [[ -z "$cluster" ]] && continue
    if ! grep -qxF "$cluster" <<<"$pg_before"; then
      say "stopping PostgreSQL cluster $cluster started by the install"
      # shellcheck disable=SC2086
      as_root pg_ctlcluster $cluster stop || true
    fi
  done <<<"$(pg_online_clusters)"
  local redis_after
  redis_after="$(redis_service_pid)"
  if [[ -n "$redis_after" && -z "$redis_before" ]]; then
    say "stopping redis-server service (pid $redis_after) started by the install"
    as_root kill "$redis_after" || true
    local waited=0
    while alive "$redis_after" && ((waited++ < 100)); do sleep 0.1; done
  fi
  return "$status"
}

missing_packages=()
if [[ -n "${DATABASE_URL:-}" ]]; then
  say "PostgreSQL: DATABASE_URL is set, using that server"
elif dir="$(pg_bin_dir)"; then
  say "PostgreSQL: server binaries in $dir"
else
  missing_packages+=(postgresql)
fi
if [[ -n "${REDIS_URL:-}" ]]; then
  say "Redis: REDIS_URL is set, using that server"
elif bin="$(redis_bin)"; then
  say "Redis: $bin"
else
  missing_packages+=(redis-server)
fi

if ((${#missing_packages[@]} > 0)); then
  if ! can_install; then
    say "missing: ${missing_packages[*]} (PostgreSQL server binaries initdb, pg_ctl, postgres; redis-server)"
    say "install them with: sudo apt-get install -y --no-install-recommends ${missing_packages[*]}"
    say "or point the tests at servers you own with DATABASE_URL and REDIS_URL"
    exit 1
  fi
  install_packages "${missing_packages[@]}"
  if [[ -z "${DATABASE_URL:-}" ]]; then
    dir="$(pg_bin_dir)" || { say "PostgreSQL binaries still missing after install"; exit 1; }
    say "PostgreSQL: server binaries in $dir"
  fi
  if [[ -z "${REDIS_URL:-}" ]]; then
    bin="$(redis_bin)" || { say "redis-server still missing after install"; exit 1; }
    say "Redis: $bin"
  fi
fi

# initdb and postgres refuse to run as root: the tests then run the services as an unprivileged user.
if [[ "$(id -u)" == 0 ]] && [[ -z "${DATABASE_URL:-}" || -z "${REDIS_URL:-}" ]]; then
  user="${TRIAD_TEST_SERVICE_USER:-nobody}"
  if ! id -u "$user" >/dev/null 2>&1; then
    say "user '$user' to run the services as does not exist (set TRIAD_TEST_SERVICE_USER)"
    exit 1
  fi
  command -v setpriv >/dev/null || { say "setpriv (util-linux) is required when running as root"; exit 1; }
  say "running services as user '$user' (tests run as root)"
fi
