/**
 * A services file that is its own command-line tool, with collection hooks
 * that act on what was started:
 *
 *   npx tsx boss.ts start           # start; the hook asks the api for its status, writes ./started.json
 *   npx tsx boss.ts stop --remove   # stop; the hook deletes started.json
 *
 * `boss` must resolve from this folder (inside the boss repository it does:
 * a package may import itself by name; elsewhere, `npm install boss`).
 * BUSYBOX_IMAGE picks the image (boss-busybox:latest without a registry),
 * API_PORT the api's host port (default 8081).
 */
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Context, Service, cli, onReloadService, onStartServices, onStopServices, waitFor } from "boss";

const busybox = process.env.BUSYBOX_IMAGE ?? "busybox:1.36";
const apiPort = Number(process.env.API_PORT ?? 8081);
const summaryFile = join(process.cwd(), "started.json"); // run it from its folder

/** Keeps running until stopped; SIGTERM ends it at once. */
const idle = "trap 'exit 0' TERM INT; while true; do sleep 1 & wait; done";

export class Queue extends Service {
  name = "queue";
  image = busybox;
  cmd = ["sh", "-c", idle];

  postStart() {
    Context.set("queue_started_at", new Date().toISOString());
  }
}

/** Serves /status.json, written when the container starts, naming the queue it was given. */
export class Api extends Service {
  name = "api";
  image = busybox;
  dependencies = [Queue];
  ports = { 80: apiPort };
  env = { QUEUE_STARTED_AT: "{queue_started_at}" };
  cmd = [
    "sh",
    "-c",
    `mkdir -p /www && echo "{\\"service\\": \\"api\\", \\"queue_started_at\\": \\"$QUEUE_STARTED_AT\\"}" > /www/status.json && httpd -p 80 -h /www && ${idle}`,
  ];
  ping = waitFor.http({ port: apiPort, path: "/status.json" });
}

onStartServices(async (names) => {
  console.log(`hooks-script: running ${names.join(", ")}`);
  const status = await fetchStatus();
  if (!status) throw new Error(`the api does not answer on http://127.0.0.1:${apiPort}/status.json`);
  console.log(`hooks-script: the api says ${JSON.stringify(status)}`);
  const summary = { services: names, api: `http://127.0.0.1:${apiPort}/`, status, context: Context.all() };
  await writeFile(summaryFile, JSON.stringify(summary, null, 2) + "\n");
  console.log(`hooks-script: wrote ${summaryFile}`);
});

onStopServices(async (names) => {
  console.log(`hooks-script: stopped ${names.join(", ") || "nothing"}`);
  await rm(summaryFile, { force: true });
});

onReloadService((name) => console.log(`hooks-script: reloaded ${name}`));

/** The api's status document, or undefined while it does not answer. */
async function fetchStatus(): Promise<Record<string, unknown> | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${apiPort}/status.json`, { signal: AbortSignal.timeout(1000) });
    return response.ok ? ((await response.json()) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

cli();
