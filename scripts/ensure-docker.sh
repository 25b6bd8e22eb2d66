#!/usr/bin/env bash
# Make sure a Docker engine answers. When none does and we are root on Debian,
# install docker.io and start dockerd in the background (apt's policy forbids
# starting services on these machines, so we start the daemon ourselves).
# Otherwise say exactly what to install and fail.
set -euo pipefail

if docker info >/dev/null 2>&1; then
  exit 0
fi

if [ "$(id -u)" != "0" ] || [ ! -f /etc/debian_version ]; then
  echo "boss: no Docker engine answers (DOCKER_HOST=${DOCKER_HOST:-unset}, socket /var/run/docker.sock)." >&2
  echo "Install Docker (https://docs.docker.com/engine/install/) or start it, then run this again." >&2
  exit 3
fi

if ! command -v dockerd >/dev/null 2>&1; then
  echo "boss: installing docker.io from Debian's packages…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends docker.io iproute2 >/dev/null
fi

log="${BOSS_DOCKERD_LOG:-/var/log/boss-dockerd.log}"
echo "boss: starting dockerd (log: $log)…" >&2
nohup dockerd >"$log" 2>&1 &

for _ in $(seq 1 100); do
  if docker info >/dev/null 2>&1; then
    exit 0
  fi
  sleep 0.2
done
echo "boss: dockerd did not answer within 20 s; last lines of $log:" >&2
tail -n 20 "$log" >&2
exit 3
