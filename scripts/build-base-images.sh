#!/usr/bin/env bash
# Build the local base images that the examples and tests use, from Debian's
# packages only (these machines reach no image registry). Each image carries a
# recipe label; an image whose label matches is kept, so a second run takes
# about a second.
#
#   boss-busybox:latest   static busybox with applet links (~2 MB)
#   boss-debian:bookworm  debootstrap minbase
#   boss-node:20          boss-debian + this machine's Node and npm (needs glibc only)
#   boss-postgres:15      boss-debian + Debian's postgresql-15, started like the
#                         official image (POSTGRES_USER/PASSWORD/DB)
#
# On a machine with Docker Hub you do not need these: the examples default to
# official images and take BASE_IMAGE build args.
set -euo pipefail

# Bump an image's recipe when its build changes, so machines rebuild it.
RECIPE=1
NODE_RECIPE=2
POSTGRES_RECIPE=2
want="${1:-all}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Builds and tags an image; the image of an older recipe that the tag leaves behind is removed,
# so a recipe change leaves no untagged image (one still in use by a container stays).
build_tagged() { # name context
  local old
  old="$(docker image inspect -f '{{.Id}}' "$1" 2>/dev/null || true)"
  docker build -q -t "$1" "$2" >/dev/null
  if [ -n "$old" ] && [ "$old" != "$(docker image inspect -f '{{.Id}}' "$1")" ]; then
    docker image rm "$old" >/dev/null 2>&1 || true
  fi
}

has_image() { # name [recipe] -> true when present with that recipe label
  [ "$(docker image inspect -f '{{ index .Config.Labels "boss.recipe" }}' "$1" 2>/dev/null || true)" = "${2:-$RECIPE}" ]
}

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build_busybox() {
  has_image boss-busybox:latest && return 0
  echo "building boss-busybox:latest…" >&2
  apt_install busybox-static
  local root="$work/busybox"
  mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/root"
  cp /bin/busybox "$root/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
  tar -C "$root" -c . | docker import -c 'ENV PATH=/bin' -c "LABEL boss.recipe=$RECIPE" -c 'CMD ["sh"]' - boss-busybox:latest >/dev/null
}

build_debian() {
  has_image boss-debian:bookworm && return 0
  echo "building boss-debian:bookworm (debootstrap, a few minutes the first time)…" >&2
  apt_install debootstrap
  local root="$work/debian"
  debootstrap --variant=minbase bookworm "$root" >"$work/debootstrap.log" 2>&1 || {
    tail -n 30 "$work/debootstrap.log" >&2
    exit 1
  }
  rm -rf "$root/var/cache/apt/archives/"*.deb "$root/var/lib/apt/lists/"*
  tar -C "$root" -c . | docker import -c "LABEL boss.recipe=$RECIPE" -c 'CMD ["bash"]' - boss-debian:bookworm >/dev/null
}

build_node() {
  has_image boss-node:20 "$NODE_RECIPE" && return 0
  build_debian
  echo "building boss-node:20…" >&2
  local ctx="$work/node"
  mkdir -p "$ctx"
  cp "$(command -v node)" "$ctx/node"
  # npm too, as in node:20-bookworm-slim: app images run `npm ci` while they build.
  local npm
  npm="$(dirname "$(readlink -f "$(command -v npm)")")/.."
  cp -r "$npm" "$ctx/npm"
  # And this machine's CA certificates: where a TLS-inspecting proxy stands
  # between containers and the npm registry, npm in the image trusts it too.
  cp /etc/ssl/certs/ca-certificates.crt "$ctx/ca-certificates.crt"
  cat >"$ctx/Dockerfile" <<DOCKERFILE
FROM boss-debian:bookworm
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
LABEL boss.recipe=$NODE_RECIPE
CMD ["node"]
DOCKERFILE
  build_tagged boss-node:20 "$ctx"
}

# Debian's postgresql-15 with an entrypoint that does what the official
# image's does for the variables the examples use: initialise a cluster once
# (superuser POSTGRES_USER with POSTGRES_PASSWORD, database POSTGRES_DB),
# accept password logins from other containers, and run postgres as PID 1 as
# the postgres user (SIGTERM: smart shutdown, SIGINT: fast).
build_postgres() {
  has_image boss-postgres:15 "$POSTGRES_RECIPE" && return 0
  build_debian
  echo "building boss-postgres:15 (apt-get in a container, a minute or two the first time)…" >&2
  local ctx="$work/postgres"
  mkdir -p "$ctx"
  cat >"$ctx/entrypoint.sh" <<'ENTRYPOINT'
#!/bin/sh
set -eu
: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
: "${PGDATA:=/var/lib/postgresql/data}"
bin=/usr/lib/postgresql/15/bin

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "${POSTGRES_HOST_AUTH_METHOD:-}" != trust ]; then
    echo "boss-postgres: set POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust)" >&2
    exit 1
  fi
  mkdir -p "$PGDATA"
  chmod 700 "$PGDATA"
  pwfile="$(mktemp)"
  printf '%s\n' "${POSTGRES_PASSWORD:-}" >"$pwfile"
  "$bin/initdb" -D "$PGDATA" -U "$POSTGRES_USER" --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}" >/dev/null
  rm -f "$pwfile"
  echo "host all all all ${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}" >>"$PGDATA/pg_hba.conf"
  if [ "$POSTGRES_DB" != postgres ]; then
    db="$(printf '%s' "$POSTGRES_DB" | sed 's/"/""/g')"
    echo "CREATE DATABASE \"$db\";" | "$bin/postgres" --single -D "$PGDATA" -j postgres >/dev/null
  fi
  echo "boss-postgres: initialised $PGDATA (user $POSTGRES_USER, database $POSTGRES_DB)"
fi
exec "$bin/postgres" -D "$PGDATA" -c listen_addresses='*' "$@"
ENTRYPOINT
  chmod 755 "$ctx/entrypoint.sh" # COPY keeps the mode (--chmod needs BuildKit)
  cat >"$ctx/Dockerfile" <<DOCKERFILE
FROM boss-debian:bookworm
# No "main" cluster from the package's postinst: the entrypoint makes one from the environment.
RUN mkdir -p /etc/postgresql-common \\
 && echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.conf \\
 && apt-get update -qq \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null \\
 && rm -rf /var/lib/apt/lists/* \\
 && mkdir -p /var/lib/postgresql/data /var/run/postgresql \\
 && chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql
COPY entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENV PATH=/usr/lib/postgresql/15/bin:\$PATH PGDATA=/var/lib/postgresql/data
USER postgres
EXPOSE 5432
# As the official image: the data is an anonymous volume, and SIGINT is a fast, clean shutdown.
VOLUME /var/lib/postgresql/data
STOPSIGNAL SIGINT
LABEL boss.recipe=$POSTGRES_RECIPE
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
DOCKERFILE
  build_tagged boss-postgres:15 "$ctx"
}

case "$want" in
  all) build_busybox; build_node; build_postgres ;;
  busybox) build_busybox ;;
  debian) build_debian ;;
  node) build_node ;;
  postgres) build_postgres ;;
  *) echo "usage: $0 [all|busybox|debian|node|postgres]" >&2; exit 2 ;;
esac
