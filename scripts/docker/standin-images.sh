#!/usr/bin/env bash
# TEST FIXTURES ONLY. Builds local stand-ins for the official images that Dockerfile and
# docker-compose.yml use, for machines that cannot reach an image registry (scripts/compose-test.sh
# falls back to them when `docker pull` fails). Never deploy them: use the official images.
#
#   scripts/docker/standin-images.sh maven      stand-in for maven:3.9-eclipse-temurin-17 (build stage)
#   scripts/docker/standin-images.sh jre        stand-in for eclipse-temurin:17-jre (runtime stage)
#   scripts/docker/standin-images.sh influxdb   stand-in for influxdb:2.7
#   scripts/docker/standin-images.sh mosquitto  stand-in for eclipse-mosquitto:2 (the compose test's MQTT broker)
#   scripts/docker/standin-images.sh prepare NAME...   only make (side by side) the root file systems
#
# Each makes sure its image is in the Docker engine the `docker` client talks to (DOCKER_HOST) and
# prints its tag. maven and jre are Debian bookworm root file systems made by mmdebstrap (Debian's
# openjdk-17 and maven packages, plus curl) and turned into images by `docker import`; influxdb is the
# jre stand-in (for its curl) with the real influxd that scripts/influxdb.sh provides and an
# entrypoint doing the DOCKER_INFLUXDB_INIT_* onboarding (scripts/docker/influxdb-standin/); mosquitto is Debian's
# mosquitto and mosquitto-clients packages (the compose test's broker, started by its own entrypoint there).
#
# The root file systems are cached as tar files in ${XDG_CACHE_HOME:-~/.cache}/energy-correlator/docker/
# (about 30 s each to make, a few hundred MB); delete that folder to make them afresh.
#
# Environment: DOCKER (the client command, default `docker`), STANDIN_DEBIAN_MIRROR (default
# http://deb.debian.org/debian; its -security sibling is used for security updates).
set -euo pipefail
cd "$(dirname "$0")/../.."

DOCKER=${DOCKER:-docker}
CACHE_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/energy-correlator/docker
MIRROR=${STANDIN_DEBIAN_MIRROR:-http://deb.debian.org/debian}
REPO=energy-correlator-standin
DESCRIPTION="TEST FIXTURE ONLY: local stand-in built by energy-correlator's scripts/docker/standin-images.sh; never deploy"
STANDARD_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

die() { echo "standin-images.sh: $*" >&2; exit 1; }
log() { echo "standin-images.sh: $*" >&2; }

# rootfs NAME VARIANT PACKAGES: the path of a cached root file system tar, made with mmdebstrap if missing.
rootfs() {
  local name=$1 variant=$2 packages=$3
  local sources=("deb $MIRROR bookworm main" "deb $MIRROR bookworm-updates main" "deb ${MIRROR%/debian}/debian-security bookworm-security main")
  local args=(--variant="$variant" --include="$packages" --format=tar
              --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/locale/*')
  # The stand-ins trust the certificate authorities this machine added for itself (e.g. of a proxy
  # that inspects TLS, without which Maven in the build stage cannot reach Maven Central).
  local local_cas=(/usr/local/share/ca-certificates/*.crt)
  if [ -e "${local_cas[0]}" ]; then
    args+=(--customize-hook='copy-in /usr/local/share/ca-certificates /usr/local/share'
           --customize-hook='chroot "$1" update-ca-certificates')
  else
    local_cas=()
  fi
  local key; key=$({ printf '%s\n' "${args[@]}" "${sources[@]}"; cat "${local_cas[@]}" /dev/null; } | sha256sum | cut -c1-12)
  local tar=$CACHE_DIR/rootfs-$name-$key.tar
  mkdir -p "$CACHE_DIR"
  exec 8>"$CACHE_DIR/rootfs-$name.lock"
  flock 8   # one mmdebstrap per root file system at a time
  if [ ! -s "$tar" ]; then
    command -v mmdebstrap >/dev/null || die "mmdebstrap is not installed (apt-get install mmdebstrap)"
    log "making the $name root file system with mmdebstrap (packages: $packages); log: $tar.log"
    if ! mmdebstrap "${args[@]}" bookworm "$tar.tmp" "${sources[@]}" >"$tar.log" 2>&1 </dev/null; then
      tail -n 20 "$tar.log" >&2
      rm -f "$tar.tmp"
      die "mmdebstrap failed for the $name root file system; full log: $tar.log"
    fi
    mv "$tar.tmp" "$tar"
    # Older root file systems of this name (other packages or certificates) are no longer used.
    find "$CACHE_DIR" -maxdepth 1 -name "rootfs-$name-*" ! -name "$(basename "$tar")*" -delete
  else
    log "using the cached $name root file system $tar"
  fi
  exec 8>&-
  echo "$tar"
}

# import NAME TAR [CHANGE...]: the tag of an image imported from TAR (imported only if missing).
import() {
  local name=$1 tar=$2; shift 2
  local tag; tag=$REPO/$name:$(basename "$tar" .tar | sed 's/.*-//')
  if "$DOCKER" image inspect "$tag" >/dev/null 2>&1; then log "image $tag is already in the engine"; echo "$tag"; return; fi
  local changes=(--change "ENV PATH=$STANDARD_PATH" --change "LABEL org.opencontainers.image.description=\"$DESCRIPTION\"")
  local c; for c in "$@"; do changes+=(--change "$c"); done
  log "importing $tag"
  "$DOCKER" import "${changes[@]}" "$tar" "$tag" >/dev/null || die "docker import of $tar failed"
  echo "$tag"
}

# (Each root file system is made in its own statement: a failure inside "$(...)" used as an argument
# would not stop the script.)
rootfs_maven() { rootfs maven apt openjdk-17-jdk-headless,maven,curl,ca-certificates; }
# passwd: the Dockerfile adds a user with useradd; curl: the compose health check.
rootfs_jre() { rootfs jre apt openjdk-17-jre-headless,curl,ca-certificates,passwd; }
# Debian's mosquitto: the broker, mosquitto_passwd and (from mosquitto-clients) mosquitto_sub, as the official image
# has them; ca-certificates for the certificate hook of rootfs().
rootfs_mosquitto() { rootfs mosquitto apt mosquitto,mosquitto-clients,ca-certificates; }

maven() {
  local tar; tar=$(rootfs_maven)
  import maven "$tar" "ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64"
}

jre() {
  local tar; tar=$(rootfs_jre)
  import jre "$tar" "ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64"
}

# prepare NAME...: make the root file systems these stand-ins need (influxdb's is jre's), side by side.
prepare() {
  local name pids=() failed=0 pid
  for name in $(printf '%s\n' "$@" | sed 's/^influxdb$/jre/' | sort -u); do
    case $name in maven|jre|mosquitto) ;; *) die "prepare: unknown stand-in $name" ;; esac
    ( "rootfs_$name" >/dev/null ) &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  [ "$failed" = 0 ] || die "making a root file system failed (see above)"
}

mosquitto() {
  local tar; tar=$(rootfs_mosquitto)
  import mosquitto "$tar"
}

influxdb() {
  local influxd base key tag context
  influxd=$(scripts/influxdb.sh ensure) || die "scripts/influxdb.sh ensure gave no influxd"
  # Its base is the jre stand-in (bookworm with curl): one root file system less to make.
  base=$(jre)
  key=$({ echo "$base"; sha256sum "$influxd" | cut -d' ' -f1; cat scripts/docker/influxdb-standin/*; } | sha256sum | cut -c1-12)
  tag=$REPO/influxdb:$key
  if "$DOCKER" image inspect "$tag" >/dev/null 2>&1; then log "image $tag is already in the engine"; echo "$tag"; return; fi
  context=$(mktemp -d "${TMPDIR:-/tmp}/influxdb-standin.XXXXXX")
  trap 'rm -rf "$context"' RETURN
  cp scripts/docker/influxdb-standin/Dockerfile scripts/docker/influxdb-standin/entrypoint.sh "$context/"
  cp "$influxd" "$context/influxd"
  log "building $tag from $influxd ($("$influxd" version 2>/dev/null | head -n 1))"
  "$DOCKER" build -q --build-arg "BASE=$base" -t "$tag" "$context" >/dev/null || die "docker build of $tag failed"
  echo "$tag"
}

case ${1:-} in
  maven|jre|influxdb|mosquitto) "$1" ;;
  prepare) shift; prepare "$@" ;;
  *) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
