// @ts-check
// The feed's adapter. The core runs the workload itself (process_management in
// config.yaml) and shapes its bandwidth (traffic_control), so all that is left
// is to report what the feed served. Updates other than bandwidth_limit are
// not supported: the inherited update() says so and the core answers 409.
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, as `boss ccc init` writes adapters */
const { readFileSync } = require("node:fs");
const { ApplicationAdapter } = require("./ccc-adapter.cjs");

class FeedAdapter extends ApplicationAdapter {
  owner = "";

  /** @param {import("./ccc-adapter.cjs").Payload} payload */
  start(payload) {
    this.owner = String(payload.owner);
  }

  getMetrics() {
    let served = { requests: 0, bytes_sent: 0 };
    try {
      served = JSON.parse(readFileSync("/tmp/feed-stats.json", "utf8"));
    } catch {
      // the feed has not written its counts yet
    }
    return { owner: this.owner, requests: served.requests, bytes_sent: served.bytes_sent };
  }
}

module.exports = { FeedAdapter };
