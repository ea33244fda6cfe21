#!/usr/bin/env bash
# Makes the container test tier possible: a Docker engine that answers, docker-compose, and the
# Kronicle images (infra/images/build-images.sh, which skips what is up to date).
#
#   - installs docker.io, docker-compose and debootstrap with apt when missing (root only)
#   - starts `dockerd --iptables=false` in the background when no engine answers (log:
#     ${KRONICLE_DOCKERD_LOG:-/var/log/kronicle-dockerd.log}) and waits for it: with the overlay2
#     storage driver, or vfs where the host cannot mount overlays
#   - builds the images; arguments are passed to build-images.sh (e.g. --no-tsc)
#
# Exit status: 0 ready; 3 no engine could be had (the reason is the last line on stderr: the
# container tier is then skipped, never passed); anything else: the images failed to build.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
log() { printf '[ensure-docker] %s\n' "$*" >&2; }
unavailable() { log "UNAVAILABLE: $*"; exit 3; }
engine_answers() { timeout 10 docker info >/dev/null 2>&1; }

apt_updated=
apt_install() {
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || return 1
  if [ -z "$apt_updated" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || true
    apt_updated=1
  fi
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/tmp/kronicle-apt-docker.log 2>&1 || { tail -5 /tmp/kronicle-apt-docker.log >&2; return 1; }
}

missing=()
command -v docker >/dev/null && command -v dockerd >/dev/null || missing+=(docker.io)
command -v docker-compose >/dev/null || docker compose version >/dev/null 2>&1 || missing+=(docker-compose)
command -v debootstrap >/dev/null || missing+=(debootstrap)
if [ ${#missing[@]} -gt 0 ] && ! apt_install "${missing[@]}"; then
  command -v docker >/dev/null || unavailable "docker is not installed and apt-get install ${missing[*]} failed (or not root)"
  log "could not install ${missing[*]}; going on with what is there"
fi

# vfs copies the whole image for every container it creates (a mesh of eleven took 25 s of copying
# on a quiet host, minutes on a busy one); overlay2 shares the layers. Some hosts cannot mount
# overlays (an overlay root, say): there dockerd refuses overlay2 at start, and vfs always works.
start_dockerd() {
  local driver=$1
  log "starting dockerd --storage-driver=$driver --iptables=false (log: $dockerd_log)"
  # setsid: the engine outlives this script and the test run that started it.
  setsid nohup dockerd --storage-driver="$driver" --iptables=false >>"$dockerd_log" 2>&1 < /dev/null &
  local pid=$!
  for _ in $(seq 1 "${KRONICLE_DOCKERD_WAIT:-60}"); do
    engine_answers && return 0
    kill -0 "$pid" 2>/dev/null || return 1 # it exited: no use waiting
    sleep 1
  done
  engine_answers || { kill "$pid" 2>/dev/null; return 1; }
}

if ! engine_answers; then
  command -v dockerd >/dev/null || unavailable "no Docker engine answers and dockerd is not installed"
  dockerd_log=${KRONICLE_DOCKERD_LOG:-/var/log/kronicle-dockerd.log}
  : >"$dockerd_log"
  if ! start_dockerd overlay2 && ! start_dockerd vfs; then
    tail -5 "$dockerd_log" >&2 2>/dev/null
    unavailable "dockerd did not start (log: $dockerd_log): $(grep -m1 -iE 'level=(fatal|error)' "$dockerd_log" 2>/dev/null | cut -c1-300)"
  fi
fi
log "engine: Docker $(docker version --format '{{.Server.Version}}' 2>/dev/null), storage driver $(docker info --format '{{.Driver}}' 2>/dev/null)"

"$here/build-images.sh" "$@"
