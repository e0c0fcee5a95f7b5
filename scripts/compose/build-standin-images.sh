#!/usr/bin/env bash
# Local stand-ins for the official base images (node:20-bookworm, node:20-bookworm-slim,
# redis:7-bookworm, postgres:16), for machines where no image registry is reachable.
# Each is built from a minbase Debian bookworm root filesystem and imported under the official tag,
# so the project's Dockerfile and docker-compose.yml run unchanged. An image that already exists
# (pulled or built earlier) is left alone.
# Needs root, debootstrap and a reachable Debian mirror. Differences from the official images:
# postgres is Debian's PostgreSQL 15 (bookworm has no 16), node is this machine's node binary.
set -euo pipefail

MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
WORK=${STANDIN_WORKDIR:-/var/tmp/remotelab-standins}
HERE=$(cd "$(dirname "$0")" && pwd)

log() { printf '[standins] %s\n' "$*"; }
have_image() { docker image inspect "$1" >/dev/null 2>&1; }

# One minbase root filesystem, kept as a tarball so every image starts from the same bytes.
base_rootfs() {
  if [[ -f $WORK/base.tar ]]; then return; fi
  log "debootstrap --variant=minbase bookworm (a few minutes)"
  rm -rf "$WORK/base"
  mkdir -p "$WORK"
  debootstrap --variant=minbase bookworm "$WORK/base" "$MIRROR" >"$WORK/debootstrap.log" 2>&1
  tar -C "$WORK/base" -cf "$WORK/base.tar" .
  rm -rf "$WORK/base"
}

# A fresh copy of the base root filesystem to customise in a chroot.
new_root() {
  local dir=$WORK/$1
  rm -rf "$dir"
  mkdir -p "$dir"
  tar -C "$dir" -xf "$WORK/base.tar"
  # Services must not start inside the chroot.
  printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
  chmod +x "$dir/usr/sbin/policy-rc.d"
  # The outbound proxy may re-sign HTTPS: trust this machine's extra certificate authorities.
  if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
    mkdir -p "$dir/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$dir/usr/local/share/ca-certificates/"
  fi
  echo "$dir"
}

in_root() {
  local dir=$1
  shift
  mount -t proc proc "$dir/proc"
  cp /etc/resolv.conf "$dir/etc/resolv.conf"
  local status=0
  chroot "$dir" /usr/bin/env DEBIAN_FRONTEND=noninteractive bash -euo pipefail -c "$*" || status=$?
  umount "$dir/proc"
  return $status
}

apt_install() {
  in_root "$1" "apt-get update -qq && apt-get install -y -qq --no-install-recommends ${*:2} >/dev/null \
    && if command -v update-ca-certificates >/dev/null; then update-ca-certificates >/dev/null; fi \
    && apt-get clean && rm -rf /var/lib/apt/lists/*"
}

# Import a root filesystem under a tag, with image settings as `docker import --change` lines.
import_root() {
  local dir=$1 tag=$2
  shift 2
  local changes=()
  for change in "$@"; do changes+=(--change "$change"); done
  rm -f "$dir/usr/sbin/policy-rc.d"
  : >"$dir/etc/resolv.conf"
  tar -C "$dir" -c . | docker import "${changes[@]}" - "$tag" >/dev/null
  rm -rf "$dir"
  log "imported $tag"
}

# This machine's node, npm and headers under /usr/local, as in the official image; user node (1000).
add_node() {
  local dir=$1
  local node_bin npm_dir include_dir
  node_bin=$(command -v node)
  npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
  include_dir=$(dirname "$(dirname "$node_bin")")/include/node
  mkdir -p "$dir/usr/local/bin" "$dir/usr/local/lib/node_modules" "$dir/usr/local/include"
  cp "$node_bin" "$dir/usr/local/bin/node"
  cp -a "$npm_dir" "$dir/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$dir/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$dir/usr/local/bin/npx"
  if [[ -d $include_dir ]]; then cp -a "$include_dir" "$dir/usr/local/include/node"; fi
  in_root "$dir" "groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node"
  if [[ -f /etc/ssl/certs/ca-certificates.crt ]]; then
    printf 'cafile=/etc/ssl/certs/ca-certificates.crt\n' >"$dir/usr/local/etc/npmrc"
  fi
}

NODE_CHANGES=('ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' 'CMD ["node"]')

build_node() {
  have_image node:20-bookworm && return
  local dir
  dir=$(new_root node)
  apt_install "$dir" ca-certificates python3 make g++ git
  add_node "$dir"
  import_root "$dir" node:20-bookworm "${NODE_CHANGES[@]}"
}

build_node_slim() {
  have_image node:20-bookworm-slim && return
  local dir
  dir=$(new_root node-slim)
  apt_install "$dir" ca-certificates
  add_node "$dir"
  # The slim image carries no headers nor docs.
  rm -rf "$dir/usr/local/include/node" "$dir/usr/share/doc" "$dir/usr/share/man"
  import_root "$dir" node:20-bookworm-slim "${NODE_CHANGES[@]}"
}

build_redis() {
  have_image redis:7-bookworm && return
  local dir
  dir=$(new_root redis)
  apt_install "$dir" redis-server redis-tools
  # The official build runs with protected mode off; Debian's refuses other containers otherwise.
  cat >"$dir/usr/local/bin/docker-entrypoint.sh" <<'SH'
#!/bin/sh
set -e
if [ "${1#-}" != "$1" ]; then set -- redis-server "$@"; fi
if [ "$1" = redis-server ]; then
  shift
  mkdir -p /data && chown redis:redis /data
  exec setpriv --reuid=redis --regid=redis --init-groups redis-server --protected-mode no "$@"
fi
exec "$@"
SH
  chmod +x "$dir/usr/local/bin/docker-entrypoint.sh"
  import_root "$dir" redis:7-bookworm 'WORKDIR /data' 'ENTRYPOINT ["docker-entrypoint.sh"]' \
    'CMD ["redis-server"]' 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
}

build_postgres() {
  have_image postgres:16 && return
  local dir
  dir=$(new_root postgres)
  mkdir -p "$dir/etc/postgresql-common"
  printf 'create_main_cluster = false\n' >"$dir/etc/postgresql-common/createcluster.conf"
  apt_install "$dir" postgresql-15
  cp "$HERE/standin-postgres-entrypoint.sh" "$dir/usr/local/bin/docker-entrypoint.sh"
  chmod +x "$dir/usr/local/bin/docker-entrypoint.sh"
  import_root "$dir" remotelab-standin/postgres-base:15 \
    'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    'ENV PGDATA=/var/lib/postgresql/data' 'ENTRYPOINT ["docker-entrypoint.sh"]' 'CMD ["postgres"]'
  # `docker import --change` cannot set STOPSIGNAL; PostgreSQL shuts down fast on SIGINT.
  printf 'FROM remotelab-standin/postgres-base:15\nSTOPSIGNAL SIGINT\n' |
    docker build -q -t postgres:16 - >/dev/null
  log "built postgres:16 (PostgreSQL 15 inside)"
}

main() {
  local wanted=(node:20-bookworm node:20-bookworm-slim redis:7-bookworm postgres:16) missing=0
  for tag in "${wanted[@]}"; do have_image "$tag" || missing=1; done
  if [[ $missing == 0 ]]; then
    log "all base images present"
    return
  fi
  base_rootfs
  build_node
  build_node_slim
  build_redis
  build_postgres
  rm -f "$WORK/base.tar"
}

main "$@"
