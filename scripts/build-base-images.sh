#!/usr/bin/env bash
# Build the local base images that the examples and tests use, from Debian's
# packages only (these machines reach no image registry). Each image carries a
# recipe label; an image whose label matches is kept, so a second run takes
# about a second.
#
#   boss-busybox:latest   static busybox with applet links (~2 MB)
#   boss-debian:bookworm  debootstrap minbase
#   boss-node:20          boss-debian + this machine's Node (needs glibc only)
#
# On a machine with Docker Hub you do not need these: the examples default to
# official images and take BASE_IMAGE build args.
set -euo pipefail

RECIPE=1
want="${1:-all}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

has_image() { # name -> true when present with our recipe label
  [ "$(docker image inspect -f '{{ index .Config.Labels "boss.recipe" }}' "$1" 2>/dev/null || true)" = "$RECIPE" ]
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
  has_image boss-node:20 && return 0
  build_debian
  echo "building boss-node:20…" >&2
  local ctx="$work/node"
  mkdir -p "$ctx"
  cp "$(command -v node)" "$ctx/node"
  cat >"$ctx/Dockerfile" <<DOCKERFILE
FROM boss-debian:bookworm
COPY node /usr/local/bin/node
LABEL boss.recipe=$RECIPE
CMD ["node"]
DOCKERFILE
  docker build -q -t boss-node:20 "$ctx" >/dev/null
}

case "$want" in
  all) build_busybox; build_node ;;
  busybox) build_busybox ;;
  debian) build_debian ;;
  node) build_node ;;
  *) echo "usage: $0 [all|busybox|debian|node]" >&2; exit 2 ;;
esac
