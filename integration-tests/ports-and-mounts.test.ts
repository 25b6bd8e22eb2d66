import assert from "node:assert/strict";
import { get } from "node:http";
import { createServer, type AddressInfo, type Server } from "node:net";
import { after, before, describe, it } from "node:test";
import { loadGroup } from "../src/index.js";
import {
  containersOf,
  docker,
  engineUnavailable,
  envOf,
  makeProject,
  removeGroup,
  runBoss,
  savedContext,
  servicesFilePreamble,
  uniqueGroup,
} from "./harness.js";

const skip = await engineUnavailable();

/** A host port that was free a moment ago (and, with `count`, the ones after it too, as far as one can tell). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function body(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { timeout: 5000 }, (response) => {
      let text = "";
      response.on("data", (chunk: Buffer) => (text += chunk.toString()));
      response.on("end", () => resolve(text));
    }).on("error", reject);
  });
}

/** What the container was created to publish (dockerode types HostConfig.PortBindings as any). */
function portBindings(info: { HostConfig: { PortBindings?: unknown } }): Record<string, unknown> {
  return (info.HostConfig.PortBindings ?? {}) as Record<string, unknown>;
}

const idle = `["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.1; done"]`;

describe("ports and mounts as compose writes them, readiness by command", { skip, timeout: 120_000 }, () => {
  const group = uniqueGroup("ports");
  let dir = "";
  let range = 0;

  before(async () => {
    range = await freePort();
    const preamble = servicesFilePreamble(group).replace("import { Service,", "import { waitFor, Service,");
    dir = await makeProject({
      "conf/ok": "yes\n",
      "shared/.keep": "",
      "boss.ts":
        preamble +
        `export class Web extends Service {
  name = "web"; image = busybox; cmd = httpd("hello");
  ports = { 80: "127.0.0.1:0", "7000-7001": "127.0.0.1:${range}-${range + 1}" };
  ping = waitFor.tcp({ containerPort: 80 });
}
export class App extends Service {
  name = "app"; image = busybox; cmd = ${idle}; dependencies = ["web"];
  env = { WEB_URL: "http://127.0.0.1:{ports.web.80}/" };
  volumes = [
    "./conf:/conf:ro,z",
    { source: "data", target: "/data", volume: { nocopy: true } },
    { type: "bind" as const, source: "./shared", target: "/shared", bind: { propagation: "rprivate" as const } },
  ];
  ping = waitFor.command(["test", "-f", "/conf/ok"]);
}
export class Late extends Service {
  name = "late"; image = busybox; cmd = ["sh", "-c", "sleep 1; touch /tmp/ready; trap 'exit 0' TERM; while true; do sleep 0.1; done"];
  ping = waitFor.command("test -f /tmp/ready");
}
`,
    });
  });
  after(() => removeGroup(group, dir));

  it("starts: an engine-picked port on an address lands in the Context, a dependent's env and status", async () => {
    const run = await runBoss(dir, ["start", "--timeout", "60"]);
    assert.equal(run.code, 0, run.output);
    const [web] = await containersOf(group, "web");
    assert.ok(web);
    const info = await docker.getContainer(web.Id).inspect();
    const [binding] = info.NetworkSettings.Ports["80/tcp"] ?? [];
    assert.equal(binding?.HostIp, "127.0.0.1", "bound to the address asked for");
    const picked = Number(binding?.HostPort);
    assert.ok(picked > 0);
    assert.deepEqual(portBindings(info)["80/tcp"], [{ HostIp: "127.0.0.1", HostPort: "" }]);
    assert.equal((await body(`http://127.0.0.1:${picked}/`)).trim(), "hello");

    const { values } = await savedContext(dir);
    assert.equal(values["ports.web.80"], picked);
    const [app] = await containersOf(group, "app");
    assert.ok(app);
    assert.equal((await envOf(app.Id)).WEB_URL, `http://127.0.0.1:${picked}/`);

    const status = await runBoss(dir, ["status", "--json"]);
    const document = JSON.parse(status.stdout) as {
      services: Array<{ name: string; publishedPorts: Array<{ containerPort: number; hostPort: number }> }>;
    };
    const webRow = document.services.find((s) => s.name === "web");
    assert.ok(
      webRow?.publishedPorts.some((p) => p.containerPort === 80 && p.hostPort === picked),
      status.stdout,
    );
    assert.equal(await (await loadGroup(dir)).hostPort("web", 80), picked, "the API's hostPort");
  });

  it("publishes a range port by port, on its address", async () => {
    const [web] = await containersOf(group, "web");
    assert.ok(web);
    const bindings = portBindings(await docker.getContainer(web.Id).inspect());
    assert.deepEqual(bindings["7000/tcp"], [{ HostIp: "127.0.0.1", HostPort: String(range) }]);
    assert.deepEqual(bindings["7001/tcp"], [{ HostIp: "127.0.0.1", HostPort: String(range + 1) }]);
  });

  it("mounts with compose's options: read-only + relabel, nocopy, bind propagation", async () => {
    const [app] = await containersOf(group, "app");
    assert.ok(app);
    const info = await docker.getContainer(app.Id).inspect();
    assert.deepEqual([...(info.HostConfig.Binds ?? [])].sort(), [
      `${dir}/conf:/conf:ro,z`,
      `${dir}/shared:/shared:rw,rprivate`,
      `${group}_data:/data:rw,nocopy`,
    ]);
    const mounts = new Map(info.Mounts.map((m) => [m.Destination, m]));
    assert.equal(mounts.get("/conf")?.RW, false);
    assert.equal(mounts.get("/shared")?.Propagation, "rprivate");
    assert.equal(mounts.get("/data")?.Name, `${group}_data`);
  });
});

describe("readiness by command timing out, and a host port in use", { skip, timeout: 90_000 }, () => {
  const group = uniqueGroup("ports-bad");
  let dir = "";
  let held = 0;
  let holder: Server;

  before(async () => {
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "0.0.0.0", resolve));
    held = (holder.address() as AddressInfo).port;
    const preamble = servicesFilePreamble(group).replace("import { Service,", "import { waitFor, Service,");
    dir = await makeProject({
      "boss.ts":
        preamble +
        `export class Never extends Service {
  name = "never"; image = busybox; cmd = ${idle};
  ping = waitFor.command("echo not yet; exit 3");
}
export class Clash extends Service {
  name = "clash"; image = busybox; cmd = ${idle}; ports = ["${held}:80"];
}
`,
    });
  });
  after(async () => {
    holder.close();
    await removeGroup(group, dir);
  });

  it("says what the command printed, and who holds the port, in one line each", async () => {
    const run = await runBoss(dir, ["start", "--timeout", "3"]);
    assert.equal(run.code, 1, run.output);
    assert.match(
      run.output,
      /never: failed — not ready after 3 s waiting for `echo not yet; exit 3` to exit 0 in the container; the last check: exited with code 3: not yet/,
    );
    const line = run.output.split("\n").find((l) => l.includes(`host port ${held}`));
    assert.ok(line, run.output);
    assert.match(
      line,
      new RegExp(`clash: failed — host port ${held} is already in use by \\S+ \\(pid ${process.pid}\\)`),
    );
  });
});
