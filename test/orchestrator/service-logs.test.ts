import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import type { LogChunk } from "../../src/engine/log-stream.js";
import { Label } from "../../src/engine/labels.js";
import { serviceLogs, type LogSink } from "../../src/orchestrator/service-logs.js";
import { makeTempDir, type TempDir } from "../helpers/temp-dir.js";
import { fakeProject } from "../fakes/fake-project.js";

class Recorded implements LogSink {
  readonly lines: string[] = [];
  constructor(private readonly onChunk: (service: string, text: string) => void = () => undefined) {}
  chunk(service: string, chunk: LogChunk): void {
    const text = chunk.data.toString();
    this.lines.push(`${service}:${text}`);
    this.onChunk(service, text);
  }
  end(service: string): void {
    this.lines.push(`${service}:end`);
  }
}

let dir: TempDir;
beforeEach(() => (dir = makeTempDir()));
afterEach(() => dir.remove());

describe("serviceLogs", () => {
  it("without follow: each service in start order, the newest container, never a one-off", async () => {
    const { project, client, events } = fakeProject(
      [{ name: "web", dependencies: ["db"] }, { name: "db" }, { name: "cache" }],
      dir.path,
    );
    const db = await client.addRunning("shop", "db");
    const web = await client.addRunning("shop", "web");
    client.containers.get(db)!.logs = "db line\n";
    client.containers.get(web)!.logs = "web line\n";
    const oneOff = await client.addRunning("shop", "web");
    client.containers.get(oneOff)!.spec.labels[Label.oneOff] = "true";
    client.containers.get(oneOff)!.logs = "one-off line\n";

    const sink = new Recorded();
    await serviceLogs(project, { services: [], follow: false }, sink);
    assert.deepEqual(sink.lines, ["db:db line\n", "db:end", "web:web line\n", "web:end"]);
    assert.deepEqual(events, [{ type: "notice", message: "cache: no container (not started yet)" }]);
  });

  it("following: picks the service up again in its replacement container, until aborted", async () => {
    const { project, client } = fakeProject([{ name: "db" }], dir.path);
    const first = await client.addRunning("shop", "db");
    client.containers.get(first)!.logs = "first\n";
    const controller = new AbortController();
    const sink = new Recorded((_service, text) => {
      if (text === "first\n") {
        // A reload: the old container goes, a new one comes.
        void client.removeContainer(first).then(async () => {
          const second = await client.addRunning("shop", "db");
          client.containers.get(second)!.logs = "second\n";
        });
      } else controller.abort();
    });
    await serviceLogs(project, { services: ["db"], follow: true, pollMs: 5, signal: controller.signal }, sink);
    assert.deepEqual(sink.lines, ["db:first\n", "db:second\n", "db:end"]);
  });

  it("refuses an unknown service", async () => {
    const { project } = fakeProject([{ name: "db" }], dir.path);
    await assert.rejects(
      serviceLogs(project, { services: ["nope"], follow: false }, new Recorded()),
      /logs: unknown service "nope"/,
    );
  });
});
