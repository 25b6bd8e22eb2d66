#!/usr/bin/env bash
# The README's first command: install, make sure a Docker engine answers,
# build what the example needs, and start the example services with boss.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/ensure-docker.sh
npm run --silent build

# Without a registry (as on these machines) the example runs on the local
# busybox image; with Docker Hub it uses the official one.
if ! docker pull -q busybox:1.36 >/dev/null 2>&1; then
  bash scripts/build-base-images.sh busybox
  export BUSYBOX_IMAGE=boss-busybox:latest
fi

cd examples/hello
node ../../dist/cli/bin.js start
echo
echo "The hello page: http://127.0.0.1:8080/   (stop with: cd examples/hello && npx boss stop --remove)"
