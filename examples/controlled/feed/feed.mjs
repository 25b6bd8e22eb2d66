// The feed's workload, started by the Container Control Core with the owner
// from the start payload (config.yaml: process_management.command):
//   GET /           -> "feed for owner <owner>"
//   GET /bytes?n=N  -> N bytes, as fast as the core's traffic shaping lets them leave
// It keeps its counts in /tmp/feed-stats.json, which the adapter reports as metrics.
import { writeFileSync } from "node:fs";
import http from "node:http";

const owner = process.argv[2] ?? "";
const stats = { requests: 0, bytes_sent: 0 };
const save = () => writeFileSync("/tmp/feed-stats.json", JSON.stringify(stats));
const chunk = Buffer.alloc(64 * 1024, "x");

/** Writes n bytes, waiting for the socket to drain so memory stays flat whatever n is. */
function sendBytes(res, n) {
  res.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": n });
  let left = n;
  const pump = () => {
    while (left > 0) {
      const part = left >= chunk.length ? chunk : chunk.subarray(0, left);
      left -= part.length;
      stats.bytes_sent += part.length;
      if (!res.write(part)) return void res.once("drain", pump);
    }
    res.end();
  };
  pump();
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://feed");
  stats.requests += 1;
  res.once("finish", save);
  if (url.pathname === "/bytes") sendBytes(res, Math.max(0, Number(url.searchParams.get("n")) || 0));
  else res.end(`feed for owner ${owner}\n`);
});

server.listen(9000, () => {
  save();
  console.log(`feed serving on :9000 for owner ${owner}`);
});

// The core sends SIGTERM on POST /api/stop: close, and leave within its stop_timeout_seconds.
process.on("SIGTERM", () => {
  console.log("feed: SIGTERM, closing");
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
