#!/usr/bin/env bash
# The README's first command: install, make sure a Docker engine answers,
# build what the demo needs, and start examples/readme-demo (PostgreSQL and
# the todo app of sample-apps/todo) with boss.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/ensure-docker.sh
npm run --silent build

# With Docker Hub the demo runs on the official postgres and node images.
# Without a registry (as on these machines) it runs on images built here from
# Debian's packages; the services file reads their names from the environment.
local_images=""
if ! docker pull -q postgres:16 >/dev/null 2>&1; then
  bash scripts/build-base-images.sh node
  bash scripts/build-base-images.sh postgres
  local_images="POSTGRES_IMAGE=boss-postgres:15 NODE_IMAGE=boss-node:20"
  export POSTGRES_IMAGE=boss-postgres:15 NODE_IMAGE=boss-node:20
fi

cd examples/readme-demo
node ../../dist/cli/bin.js start
echo
echo "The todo app: http://127.0.0.1:${TODO_PORT:-8080}/"
if [ -n "$local_images" ]; then
  echo "No image registry here: before running boss in examples/readme-demo yourself, run"
  echo "  export $local_images"
fi
# The repo is not in its own node_modules, so `npx boss` would fetch an unrelated package: name the binary.
echo "After editing sample-apps/todo: cd examples/readme-demo && node ../../dist/cli/bin.js reload todo"
echo "Stop and remove everything:     cd examples/readme-demo && node ../../dist/cli/bin.js stop --remove"
echo "(or run 'npm link' once in the repo to have 'boss' on your PATH)"
