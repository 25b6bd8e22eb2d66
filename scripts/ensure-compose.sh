#!/usr/bin/env bash
# Make sure a Docker Compose answers, for the benchmark's side-by-side runs.
# A newer `docker compose` (v2 plugin) or an installed `docker-compose` is used
# as it is; when neither answers and we are root on Debian, Debian's
# docker-compose package (1.29) is installed. Otherwise say what to install.
set -euo pipefail

if docker compose version >/dev/null 2>&1 || docker-compose version >/dev/null 2>&1; then
  exit 0
fi

if [ "$(id -u)" != "0" ] || [ ! -f /etc/debian_version ]; then
  echo "bench: no Docker Compose found (tried 'docker compose' and 'docker-compose')." >&2
  echo "Install it (https://docs.docker.com/compose/install/), then run this again." >&2
  exit 3
fi

echo "bench: installing docker-compose from Debian's packages…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
docker-compose version >/dev/null
