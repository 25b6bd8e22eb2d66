#!/usr/bin/env bash
# Every test, from a fresh clone: npm packages, a Docker engine (installed and
# started when none answers and we are root on Debian), the local base images,
# then typecheck -> lint -> unit tests -> integration tests.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "npm packages"
if [ "${CI:-}" = "true" ] || [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund
fi

step "Docker engine"
bash scripts/ensure-docker.sh
docker version --format 'engine {{.Server.Version}} (API {{.Server.APIVersion}})'

step "podman (the alternative-engine test drives boss through its Docker API)"
if ! command -v podman >/dev/null 2>&1 && [ "$(id -u)" = "0" ] && [ -f /etc/debian_version ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman >/dev/null
fi
podman --version || echo "podman is not installed: the podman integration test will skip (it fails under CI=true)"

step "promtool (the core's /metrics is checked with promtool check metrics)"
if ! command -v promtool >/dev/null 2>&1 && [ "$(id -u)" = "0" ] && [ -f /etc/debian_version ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi
promtool --version 2>&1 | head -1 || echo "promtool is not installed: its checks skip (they fail under CI=true)"

step "curl (the README's quick start uses it; its test runs those lines)"
if ! command -v curl >/dev/null 2>&1 && [ "$(id -u)" = "0" ] && [ -f /etc/debian_version ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends curl >/dev/null
fi

step "chromium (boss ui's test drives Debian's browser with playwright-core)"
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = "0" ] && [ -f /etc/debian_version ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
/usr/bin/chromium --version 2>/dev/null || echo "chromium is not installed: the ui test will skip (it fails under CI=true)"

step "local base images"
bash scripts/build-base-images.sh

step "build"
npm run --silent build

step "typecheck"
npm run --silent typecheck

step "lint"
npm run --silent lint

step "unit tests"
node scripts/run-tests.mjs test

step "integration tests (real Docker engine)"
node scripts/run-tests.mjs integration-tests
