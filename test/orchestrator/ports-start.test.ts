import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer, type AddressInfo, type Server } from "node:net";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { EngineError } from "../../src/errors.js";
import { resetOutsideGroupState } from "../../src/model/group-state.js";
import { hostPortHolder } from "../../src/orchestrator/host-port-holder.js";
import { portInUse } from "../../src/orchestrator/port-conflict.js";
import { startServices } from "../../src/orchestrator/start.js";
import { makeTempDir, type TempDir } from "../helpers/temp-dir.js";
import { FakeContainerClient } from "../fakes/fake-container-client.js";
import { fakeProject } from "../fakes/fake-project.js";

let folder: TempDir;
beforeEach(() => {
  resetOutsideGroupState();
  folder = makeTempDir();
});
afterEach(() => folder.remove());

describe("a port the engine picks", () => {
  it("lands in the Context (and .boss-context) and in a dependent's env, again after every start", async () => {
    const services = [
      { name: "web", ports: { 80: 0, "53/udp": 0 } },
      { name: "app", dependencies: ["web"], env: { WEB: "http://web-host:{ports.web.80}", DNS: "{ports.web.53/udp}" } },
    ];
    const { project, client } = fakeProject(services, folder.path);
    const summary = await startServices(project);
    assert.deepEqual(summary.failed, []);
    const published = client.containersOf("web")[0]?.ports ?? [];
    const tcp = published.find((p) => p.protocol === "tcp")?.hostPort;
    const udp = published.find((p) => p.protocol === "udp")?.hostPort;
    assert.ok(tcp && udp);
    assert.deepEqual(client.containersOf("app")[0]?.spec.env, { WEB: `http://web-host:${tcp}`, DNS: String(udp) });
    const saved = JSON.parse(readFileSync(join(folder.path, ".boss-context"), "utf8")) as Record<string, unknown>;
    assert.equal(saved["ports.web.80"], tcp);
    assert.equal(saved["ports.web.53/udp"], udp);
  });
});

describe("a host port already in use", () => {
  it("fails the service in one line naming the port and the container (and boss group) holding it", async () => {
    const client = new FakeContainerClient();
    const other = fakeProject([{ name: "api", ports: { 80: 8080 } }], folder.path, client, "billing");
    await startServices(other.project);
    const { project } = fakeProject([{ name: "web", ports: ["8080:80"] }], folder.path, client, "shop");
    const summary = await startServices(project);
    assert.deepEqual(
      summary.failed.map((f) => [f.name, f.message]),
      [["web", "host port 8080 is already in use by container billing-api-1 (service api of boss group billing)"]],
    );
  });

  it("reads the port from both of the engine's messages", () => {
    const engine = (said: string) => new EngineError(`the Docker engine could not start container x: ${said}`, 500);
    assert.deepEqual(
      portInUse(
        engine(
          "driver failed programming external connectivity on endpoint a (e4b7): Bind for 0.0.0.0:38112 failed: port is already allocated (HTTP 500)",
        ),
      ),
      { hostIp: "0.0.0.0", hostPort: 38112, protocol: "tcp" },
    );
    assert.deepEqual(
      portInUse(
        engine(
          "driver failed programming external connectivity on endpoint a (e4b7): Error starting userland proxy: listen udp4 127.0.0.1:5353: bind: address already in use",
        ),
      ),
      { hostIp: "127.0.0.1", hostPort: 5353, protocol: "udp" },
    );
    assert.equal(portInUse(engine("No such image: x")), undefined);
  });

  it("finds the program listening on a host port through /proc", { skip: process.platform !== "linux" }, async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const holder = await hostPortHolder(port, "tcp");
      assert.equal(holder?.pid, process.pid);
      assert.equal(await hostPortHolder(port, "tcp", join(folder.path, "no-proc")), undefined);
    } finally {
      server.close();
    }
  });
});
