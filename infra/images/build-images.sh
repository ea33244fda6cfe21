#!/usr/bin/env bash
# Builds Kronicle's container images locally, without a registry:
#
#   kronicle/base      Debian bookworm from `debootstrap --variant=minbase`, imported with `docker import`
#   kronicle/postgres  Debian's postgresql-15          (infra/images/postgres)
#   kronicle/nats      Debian's nats-server with -js   (infra/images/nats)
#   kronicle/service   every built service, run by name: `docker run kronicle/service api`
#
# Idempotent: each image carries the label org.kronicle.inputs, a hash of everything it is built
# from (its recipe, its parent image's id, and for kronicle/service the staged dist, production
# node_modules and Node binary), and is tagged kronicle/<name>:<first 12 of that hash> as well as
# :latest. When that tag exists the image is not built again, only :latest points at it. Several
# work trees on one engine therefore never test each other's code: the last lines on stdout,
#   KRONICLE_POSTGRES_IMAGE=kronicle/postgres:<hash>  (and _NATS_, _SERVICE_)
# name the exact images of this tree, and the test tier, the harness and docker-compose.yml
# read those variables. The three newest pinned tags of each image are kept.
#
# Usage: infra/images/build-images.sh [--force] [--no-tsc] [base|postgres|nats|service ...]
#   --force   rebuild even when up to date (KRONICLE_IMAGES_FORCE=1 does the same)
#   --no-tsc  do not run `tsc -b tsconfig.build.json` first (the caller has just built)
# Environment: KRONICLE_IMAGES_WORKDIR (default ${TMPDIR:-/tmp}/kronicle-images-<repo hash>) for
# the base root file system and the staged service context.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${KRONICLE_IMAGES_WORKDIR:-${TMPDIR:-/tmp}/kronicle-images-$(echo "$repo" | sha256sum | cut -c1-8)}
force=${KRONICLE_IMAGES_FORCE:-}
tsc=1
wanted=()
for arg in "$@"; do
  case $arg in
    --force) force=1 ;;
    --no-tsc) tsc= ;;
    base | postgres | nats | service) wanted+=("$arg") ;;
    *) echo "usage: $0 [--force] [--no-tsc] [base|postgres|nats|service ...]" >&2; exit 64 ;;
  esac
done
[ ${#wanted[@]} -eq 0 ] && wanted=(base postgres nats service)
export DOCKER_BUILDKIT=0 # the legacy builder is what Debian's docker.io has; no buildx needed
mkdir -p "$work"
log() { printf '[images] %s\n' "$*" >&2; }
sha() { sha256sum | cut -d' ' -f1; }
label() { docker image inspect -f '{{index .Config.Labels "org.kronicle.inputs"}}' "$1" 2>/dev/null || true; }
image_id() { docker image inspect -f '{{.Id}}' "$1"; }
pinned() { echo "kronicle/$1:${2:0:12}"; }
declare -A built=() # name -> pinned tag of this tree's image
# True (and :latest moved to it) when the pinned image of these inputs exists.
up_to_date() {
  local name=$1 hash=$2
  [ -z "$force" ] && [ "$(label "$(pinned "$name" "$hash")")" = "$hash" ] || return 1
  docker tag "$(pinned "$name" "$hash")" "kronicle/$name:latest"
  built[$name]=$(pinned "$name" "$hash")
  log "kronicle/$name is up to date (${built[$name]})"
}
want() { [[ " ${wanted[*]} " == *" $1 "* ]]; }
# Each image is needed by the ones after it, so an image not asked for is still built if missing.
needed() { want "$1" || ! docker image inspect "kronicle/$1:latest" >/dev/null 2>&1; }
base_ref() { echo "${built[base]:-kronicle/base:latest}"; }

build_base() {
  local sources=/etc/apt/sources.list.d/debian.sources mirror suite=bookworm
  mirror=$( (grep -m1 '^URIs:' "$sources" 2>/dev/null || echo 'URIs: http://deb.debian.org/debian') | awk '{print $2}')
  local hash
  hash=$( { echo "base v1 $suite minbase $mirror"; cat "$sources" 2>/dev/null || true; sed -n '/^build_base()/,/^}/p' "$0"; } | sha)
  if up_to_date base "$hash"; then return; fi
  command -v debootstrap >/dev/null || { log "installing debootstrap"; apt-get install -y -qq debootstrap >/dev/null; }
  local root="$work/base-rootfs"
  rm -rf "$root"
  log "debootstrap --variant=minbase $suite from $mirror"
  debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  # apt as the host has it (updates and security too), no recommends, no documentation.
  rm -f "$root/etc/apt/sources.list"
  if [ -f "$sources" ]; then cp "$sources" "$root/etc/apt/sources.list.d/debian.sources"; else echo "deb $mirror $suite main" > "$root/etc/apt/sources.list"; fi
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' > "$root/etc/apt/apt.conf.d/90kronicle-no-recommends"
  printf 'path-exclude=/usr/share/doc/*\npath-include=/usr/share/doc/*/copyright\npath-exclude=/usr/share/man/*\npath-exclude=/usr/share/info/*\npath-exclude=/usr/share/locale/*\n' > "$root/etc/dpkg/dpkg.cfg.d/90kronicle-nodoc"
  rm -rf "$root"/usr/share/doc/*/[!c]* "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/var/log/*.log
  log "docker import $(pinned base "$hash")"
  tar -C "$root" -c . | docker import \
    --change "LABEL org.kronicle.inputs=$hash" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8' \
    --change 'CMD ["bash"]' - "$(pinned base "$hash")" >/dev/null
  docker tag "$(pinned base "$hash")" kronicle/base:latest
  built[base]=$(pinned base "$hash")
  rm -rf "$root"
}

# docker build of infra/images/<name> on top of this tree's kronicle/base.
build_recipe() {
  local name=$1 context=$2 extra_hash=${3:-} hash
  hash=$( { echo "$name v1 $(image_id "$(base_ref)") $extra_hash"; (cd "$context" && find . -type f ! -path './rootfs/*' -print0 | sort -z | xargs -0 sha256sum); } | sha)
  if up_to_date "$name" "$hash"; then return; fi
  log "docker build $(pinned "$name" "$hash")"
  docker build --network host --build-arg "BASE=$(base_ref)" --build-arg "KRONICLE_INPUTS=$hash" -t "$(pinned "$name" "$hash")" -t "kronicle/$name:latest" "$context" >"$work/build-$name.log" 2>&1 || { tail -30 "$work/build-$name.log" >&2; exit 1; }
  built[$name]=$(pinned "$name" "$hash")
}

# Keeps :latest and the three newest pinned tags of each image.
forget_old_tags() {
  local name tag
  for name in base postgres nats service; do
    docker image ls --format '{{.Tag}}' "kronicle/$name" | grep -vx -e latest -e '<none>' | tail -n +4 | while read -r tag; do
      docker rmi "kronicle/$name:$tag" >/dev/null 2>&1 || true
    done
  done
  docker image prune -f --filter label=org.kronicle.inputs >/dev/null 2>&1 || true
}

build_service() {
  if [ -n "$tsc" ]; then
    log "tsc -b tsconfig.build.json"
    (cd "$repo" && "$repo/node_modules/.bin/tsc" -b tsconfig.build.json)
  fi
  local context="$work/service" staged
  staged=$("$repo/node_modules/.bin/node" "$here/stage-service.mjs" "$repo" "$context")
  cp "$here/service/Dockerfile" "$context/Dockerfile"
  build_recipe service "$context" "$staged"
}

started=$(date +%s)
# One build at a time on this engine (other work trees build too).
exec 9>"${TMPDIR:-/tmp}/kronicle-images.lock"
flock 9
if needed base; then build_base; fi
if needed postgres; then build_recipe postgres "$here/postgres"; fi
if needed nats; then build_recipe nats "$here/nats"; fi
if needed service; then build_service; fi
forget_old_tags
log "done in $(($(date +%s) - started))s:"
for name in base postgres nats service; do
  [ -n "${built[$name]:-}" ] && docker image ls --format '  {{.Repository}}:{{.Tag}}  {{.Size}}' "${built[$name]}" >&2
done
for name in postgres nats service; do
  [ -n "${built[$name]:-}" ] && echo "KRONICLE_${name^^}_IMAGE=${built[$name]}"
done
exit 0
