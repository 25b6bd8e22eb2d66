// The files `boss ccc init` writes once (the user owns them afterwards).

export const ADAPTER_FILE = "my_adapter.cjs";

export const SKELETON_ADAPTER = `// @ts-check
// The application-specific part of this image: the Container Control Core
// (ccc-core.cjs, never edited) loads this class as config.yaml says
// (adapter.class: my_adapter.MyAdapter) and calls it around the workload.
//
// With process_management enabled in config.yaml the core runs the workload
// itself and this class may stay empty. Fill in what your application needs.
//
// Prefer TypeScript? Write my_adapter.ts with
//   import { ApplicationAdapter, type Payload } from "boss/core";
// and turn it into this file with one step:
//   npx esbuild my_adapter.ts --bundle --platform=node --format=cjs --outfile=my_adapter.cjs
"use strict";
const { ApplicationAdapter } = require("./ccc-adapter.cjs");

class MyAdapter extends ApplicationAdapter {
  /** @type {Record<string, import("./ccc-adapter.cjs").JsonValue>} */
  settings = {};

  /**
   * Runs as root before the workload starts (after privileged_commands.pre_start).
   * @param {import("./ccc-adapter.cjs").Payload} payload
   */
  async preStartHooks(payload) {
    void payload;
  }

  /**
   * Called on POST /api/start. With process_management enabled, return nothing:
   * the core starts config.yaml's command. Otherwise spawn your process here,
   * wrapped with ensureUser so it runs as run_as_user, and return the child.
   * @param {import("./ccc-adapter.cjs").Payload} payload
   * @param {import("./ccc-adapter.cjs").StartContext} context
   */
  start(payload, context) {
    void context;
    this.settings = { ...payload };
    return undefined;
  }

  /** Called on POST /api/stop, after the core stopped the process it manages. */
  stop() {}

  /**
   * Called on POST /api/update with the keys the core does not handle itself.
   * Return true when applied, false when unsupported (the core answers 409).
   * @param {import("./ccc-adapter.cjs").Payload} payload
   */
  update(payload) {
    void payload;
    return false;
  }

  /** Your own figures, merged into /api/metrics and /metrics (numbers and booleans). */
  getMetrics() {
    // A gauge: exported as ccc_adapter_settings_keys. Prometheus reserves names ending in
    // _total (counters), _count, _sum and _bucket (histograms) for other types.
    return { settings_keys: Object.keys(this.settings).length };
  }
}

module.exports = { MyAdapter };
`;

export const CONFIG_YAML = `# Container Control Core settings (see boss docs: "The Container Control Core").
adapter:
  class: my_adapter.MyAdapter     # file beside this one (.js/.cjs/.mjs) + exported class
  primary_payload_key: target_url # POST /api/start must carry this key
  run_as_user: app_user           # the workload's user (created in the Dockerfile); omit for root

process_management:               # the core runs the workload itself
  enabled: true
  # {key} is replaced by the start payload's value; no shell is involved.
  command: ["node", "-e", "setInterval(() => console.log('working on', process.argv[1]), 5000)", "{target_url}"]
  stop_timeout_seconds: 10        # SIGTERM, then SIGKILL

metrics:
  network_monitoring: { enabled: true, interface: eth0 }
  process_monitoring: { enabled: true }

traffic_control:                  # needs docker run --cap-add NET_ADMIN
  enabled: false
  interface: eth0
  bandwidth_mbps_key: bandwidth_limit
  latency_ms_key: latency         # 0 or absent: no latency shaping (needs the kernel's netem)

privileged_commands:              # run as root, argv lists (no shell)
  pre_start: []
  post_stop: []
`;

export const DOCKERFILE = `# A Container Control Core image: the core (ccc-core.cjs, one file) + your
# adapter + config.yaml. Build: docker build -t my-app .
#   (without Docker Hub: docker build --build-arg BASE_IMAGE=<a local Node 20+ Debian image> .)
ARG BASE_IMAGE=node:20-bookworm-slim
FROM \${BASE_IMAGE}

# iproute2: tc for traffic_control. tini: PID 1 that reaps orphaned processes
# (Node cannot wait for processes it did not start) and forwards signals to the
# core. passwd: useradd (not in every minimal Debian).
RUN apt-get update \\
 && apt-get install -y --no-install-recommends iproute2 tini passwd \\
 && rm -rf /var/lib/apt/lists/*

# The unprivileged user the workload runs as (adapter.run_as_user).
RUN useradd --create-home --shell /usr/sbin/nologin app_user

WORKDIR /app
COPY . /app/

EXPOSE 8080
ENTRYPOINT ["tini", "--"]
# The core without V8's optimising (TurboFan) and baseline (Sparkplug)
# compilers, its heap tuned for size: less memory at idle, and far less once it
# has served requests (48 MB instead of 69 MB), for answers about 0.3 ms slower.
# Your adapter runs in this process too: if it computes much in JavaScript,
# drop --no-opt and --no-sparkplug.
# (--jitless would save a little more, but it takes WebAssembly away, and
# with it fetch() in Node 20.)
CMD ["node", "--no-opt", "--no-sparkplug", "--optimize-for-size", "ccc-core.cjs"]
`;

export const DOCKERIGNORE = `Dockerfile
.dockerignore
node_modules
*.ts
!*.d.ts
!*.d.cts
`;
