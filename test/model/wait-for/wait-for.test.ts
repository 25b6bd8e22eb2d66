import assert from "node:assert/strict";
import { createServer as createHttpServer } from "node:http";
import { createServer, type AddressInfo, type Server } from "node:net";
import { after, describe, it } from "node:test";
import { ServiceFailedError, UserError } from "../../../src/errors.js";
import type { PingTarget } from "../../../src/model/ping-target.js";
import { waitFor } from "../../../src/model/wait-for/index.js";
import { engineHost } from "../../../src/model/wait-for/engine-host.js";
import { waitUntilReady } from "../../../src/orchestrator/readiness.js";
import { defineService } from "../../helpers/definitions.js";
import { FakeClock } from "../../fakes/fake-clock.js";
import { FakeContainerClient } from "../../fakes/fake-container-client.js";

const servers: Server[] = [];
after(() => servers.forEach((s) => s.close()));

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

/** A port nothing listens on (it was free a moment ago). */
async function freePort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function target(
  output: string,
  health?: { status: string; lastOutput?: string },
  more: Partial<Pick<PingTarget, "publishedPorts" | "exec">> = {},
): PingTarget {
  return {
    service: "db",
    containerId: "c1",
    output: () => Promise.resolve(output),
    health: () => Promise.resolve(health),
    publishedPorts: () => Promise.resolve([]),
    exec: () => Promise.reject(new Error("no exec in this test")),
    ...more,
  };
}

describe("waitFor.tcp", () => {
  it("passes when a server accepts and keeps the connection", async () => {
    const port = await listen(createServer(() => undefined));
    const ping = waitFor.tcp(port);
    assert.equal(ping.description, `TCP 127.0.0.1:${port} to accept connections`);
    assert.equal(await ping(), true);
  });

  it("fails while nothing listens, saying why", async () => {
    const port = await freePort();
    await assert.rejects(waitFor.tcp(`127.0.0.1:${port}`)(), /ECONNREFUSED/);
  });

  it("fails when the connection is closed at once, as Docker's proxy does with no server behind it", async () => {
    const port = await listen(createServer((socket) => socket.destroy()));
    await assert.rejects(waitFor.tcp(port)(), /accepted the connection and closed it at once/);
  });

  it("refuses what is not a port", () => {
    assert.throws(() => waitFor.tcp("db:http"), /expected a port or "host:port"/);
    assert.throws(() => waitFor.tcp(70000), /expected a port/);
  });
});

describe("waitFor.http", () => {
  it("passes on a 2xx by default, and on exactly `status` when given", async () => {
    let status = 204;
    const port = await listen(
      createHttpServer((request, response) => {
        response.statusCode = request.url === "/health" ? status : 404;
        response.end();
      }),
    );
    assert.equal(await waitFor.http(`http://127.0.0.1:${port}/health`)(), true);
    const exact = waitFor.http({ port, path: "/health", status: 200 });
    assert.equal(exact.description, `GET http://127.0.0.1:${port}/health to answer with status 200`);
    await assert.rejects(exact(), new RegExp(`GET http://127.0.0.1:${port}/health answered 204`));
    status = 200;
    assert.equal(await exact(), true);
    await assert.rejects(waitFor.http({ port, path: "/other" })(), /answered 404/);
  });

  it("fails while nothing listens", async () => {
    const port = await freePort();
    await assert.rejects(waitFor.http({ port })(), /ECONNREFUSED/);
  });
});

describe("waitFor.log", () => {
  it("passes once the output matches, `times` times when asked", async () => {
    assert.equal(await waitFor.log(/ready/)(target("starting\nready\n")), true);
    assert.equal(await waitFor.log("a.b")(target("a.b\n")), true);
    await assert.rejects(waitFor.log("a.b")(target("axb\n")), /seen 0 of 1 in 1 line of output/);
    const twice = waitFor.log(/ready/, 2);
    assert.equal(twice.description, "log output matching /ready/ 2 times");
    await assert.rejects(twice(target("ready\nstill\n")), /seen 1 of 2 in 2 lines of output/);
    assert.equal(await twice(target("ready\nready\n")), true);
  });

  it("says it needs a container when called outside a service's ping", async () => {
    await assert.rejects(waitFor.log(/x/)(), /waitFor.log\(\) needs the service's container/);
  });
});

describe("waitFor.healthy", () => {
  it("passes on healthy, waits on starting, ends the wait on unhealthy or no HEALTHCHECK", async () => {
    const ping = waitFor.healthy();
    assert.equal(await ping(target("", { status: "healthy" })), true);
    await assert.rejects(ping(target("", { status: "starting" })), /health is "starting"/);
    await assert.rejects(
      ping(target("", { status: "unhealthy", lastOutput: "pg_isready: no response\n" })),
      (error: unknown) =>
        error instanceof ServiceFailedError &&
        error.message === "db: the HEALTHCHECK reports unhealthy; the last check said: pg_isready: no response",
    );
    await assert.rejects(
      ping(target("")),
      (error: unknown) => error instanceof UserError && /no HEALTHCHECK/.test(error.message),
    );
  });
});

describe("waitFor.all", () => {
  it("passes when every strategy passes; otherwise names the one that did not", async () => {
    const port = await listen(createServer(() => undefined));
    const both = waitFor.all([waitFor.tcp(port), waitFor.log(/ready/)]);
    assert.equal(both.description, `TCP 127.0.0.1:${port} to accept connections and log output matching /ready/`);
    assert.equal(await both(target("ready")), true);
    await assert.rejects(both(target("booting")), /^Error: log output matching \/ready\/: seen 0 of 1/);
  });

  it("passes a BossError on as it is, so the wait ends at once", async () => {
    await assert.rejects(waitFor.all([waitFor.healthy()])(target("")), UserError);
  });
});

describe("engineHost", () => {
  it("is the DOCKER_HOST machine for tcp:// and ssh://, else this one", () => {
    assert.equal(engineHost({}), "127.0.0.1");
    assert.equal(engineHost({ DOCKER_HOST: "unix:///var/run/docker.sock" }), "127.0.0.1");
    assert.equal(engineHost({ DOCKER_HOST: "tcp://10.0.0.5:2375" }), "10.0.0.5");
    assert.equal(engineHost({ DOCKER_HOST: "ssh://me@build-box" }), "build-box");
  });
});

describe("a waitFor strategy as a service's ping", () => {
  it("gets the container, and a timeout says what was awaited, for how long and what the last check saw", async () => {
    const client = new FakeContainerClient();
    const id = await client.addRunning("shop", "db");
    const db = defineService({ name: "db", ping: waitFor.log(/ready/) });
    await assert.rejects(
      waitUntilReady(client, db, id, 5, undefined, new FakeClock()),
      (error: unknown) =>
        error instanceof ServiceFailedError &&
        error.message ===
          "db: not ready after 5 s waiting for log output matching /ready/; the last check: seen 0 of 1 in 0 lines of output; the container wrote no logs",
    );
    const fake = client.containers.get(id);
    if (fake) fake.logs = "booting\nready\n";
    await waitUntilReady(client, db, id, 5, undefined, new FakeClock());
  });
});

describe("waitFor.tcp of a container port", () => {
  const published = (containerPort: number, hostPort: number) => () =>
    Promise.resolve([{ containerPort, protocol: "tcp" as const, hostIp: "0.0.0.0", hostPort }]);

  it("connects to the host port the engine picked for it", async () => {
    const hostPort = await listen(createServer(() => undefined));
    const more = { publishedPorts: published(5432, hostPort) };
    assert.equal(await waitFor.tcp({ containerPort: 5432 })(target("", undefined, more)), true);
    // A bare port the container does not publish on the host, but as a container port, means the same.
    assert.equal(await waitFor.tcp(5432)(target("", undefined, more)), true);
  });

  it("keeps a bare port that is one of the container's host ports as the host port", async () => {
    const hostPort = await listen(createServer(() => undefined));
    // hostPort is also a container port (published on 1): as one of the host ports, it means itself.
    const ports = [
      { containerPort: hostPort, protocol: "tcp" as const, hostIp: "0.0.0.0", hostPort: 1 },
      { containerPort: 80, protocol: "tcp" as const, hostIp: "0.0.0.0", hostPort },
    ];
    const more = { publishedPorts: () => Promise.resolve(ports) };
    assert.equal(await waitFor.tcp(hostPort)(target("", undefined, more)), true);
  });

  it("says when the container port is not published", async () => {
    const ping = waitFor.tcp({ containerPort: 80 });
    assert.equal(ping.description, "TCP to container port 80 (as published) to accept connections");
    await assert.rejects(ping(target("")), /the container does not publish port 80\/tcp/);
    assert.throws(() => waitFor.tcp({ containerPort: 0 }), TypeError);
  });
});

describe("waitFor.command", () => {
  it("runs an argv or `sh -c` string in the container and is ready on exit 0", async () => {
    const runs: Array<readonly string[]> = [];
    const exec = (command: readonly string[]) => {
      runs.push(command);
      return Promise.resolve({ exitCode: runs.length > 1 ? 0 : 2, output: "no response\n" });
    };
    const ping = waitFor.command(["pg_isready", "-U", "postgres"]);
    assert.equal(ping.description, "`pg_isready -U postgres` to exit 0 in the container");
    await assert.rejects(ping(target("", undefined, { exec })), /^Error: exited with code 2: no response$/);
    assert.equal(await ping(target("", undefined, { exec })), true);
    assert.equal(await waitFor.command("test -f /ready")(target("", undefined, { exec })), true);
    assert.deepEqual(runs, [
      ["pg_isready", "-U", "postgres"],
      ["pg_isready", "-U", "postgres"],
      ["sh", "-c", "test -f /ready"],
    ]);
  });

  it("refuses an empty command or timeout, and needs the container", async () => {
    assert.throws(() => waitFor.command([]), TypeError);
    assert.throws(() => waitFor.command("true", { timeout: 0 }), TypeError);
    await assert.rejects(waitFor.command("true")(), /waitFor.command\(\) needs the service's container/);
  });

  it("says what the last run printed when the start times out", async () => {
    const client = new FakeContainerClient();
    const id = await client.addRunning("shop", "db");
    const db = defineService({ name: "db", ping: waitFor.command("pg_isready") });
    const failing = {
      exec: () => Promise.resolve({ exitCode: 1, output: "" }),
    };
    const ping = Object.assign(() => db.instance.ping?.(target("", undefined, failing)) ?? false, {
      description: waitFor.command("pg_isready").description,
    });
    await assert.rejects(
      waitUntilReady(client, db, id, 5, undefined, new FakeClock(), ping),
      (error: unknown) =>
        error instanceof ServiceFailedError &&
        error.message.startsWith(
          "db: not ready after 5 s waiting for `pg_isready` to exit 0 in the container; the last check: exited with code 1 and printed nothing",
        ),
    );
  });
});
