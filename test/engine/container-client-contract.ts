/**
 * What the orchestrator relies on from a ContainerClient, as cases that run
 * against the fake engine (test/engine/fake-container-client.test.ts) and
 * against DockerContainerClient on a real engine
 * (integration-tests/engine-contract.test.ts). Where the two disagree, the
 * fake is wrong: the orchestrator's tests believe it.
 *
 * Each case works in groups of its own (a fresh label), so cases pass in any
 * order and the real engine's clean-up removes only what they made.
 */
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { afterEach, beforeEach, describe, it } from "node:test";
import {
  NameConflictError,
  type ContainerClient,
  type ContainerSpec,
  type ContainerState,
  type ContainerSummary,
} from "../../src/engine/container-client.js";
import { containerLabels, Label } from "../../src/engine/labels.js";
import type { LogChunk } from "../../src/engine/log-stream.js";
import { portInUse } from "../../src/orchestrator/port-conflict.js";
import { makeTempDir } from "../helpers/temp-dir.js";

/** An engine to run the cases against. */
export interface ContractEngine {
  client: ContainerClient;
  /** A local image with a busybox shell (`sh`, `sleep`, `echo`). */
  image: string;
  /**
   * The command of a container of `service` that writes `lines` to stdout and
   * exits with `exitCode` once started. A real engine runs it; the fake is told.
   */
  exitingCommand(service: string, exitCode: number, lines: readonly string[]): string[];
  /** Removes everything made under `group` (containers, their volumes, networks, volumes, images). */
  cleanUp(group: string): Promise<void>;
}

/** Runs until stopped; SIGTERM ends it at once with 0, as a well-behaved service does. */
const serving = ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.1; done"];

export function containerClientContract(open: () => ContractEngine): void {
  let engine: ContractEngine;
  let client: ContainerClient;
  /** Every group the current case made; the first is its own. */
  let groups: string[];
  let group: string;

  beforeEach(() => {
    engine = open();
    client = engine.client;
    groups = [];
    group = newGroup();
  });

  afterEach(async () => {
    for (const made of groups) await engine.cleanUp(made);
  });

  function newGroup(): string {
    const made = `contract-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    groups.push(made);
    return made;
  }

  /** The group's network, as the orchestrator makes it. */
  function network(of = group): Promise<string> {
    return client.ensureNetwork(`boss-${of}`, { [Label.group]: of });
  }

  async function spec(service: string, more: Partial<ContainerSpec> = {}, of = group): Promise<ContainerSpec> {
    return {
      name: `${of}-${service}-1`,
      image: engine.image,
      env: {},
      cmd: serving,
      ports: [],
      mounts: [],
      capAdd: [],
      network: await network(of),
      alias: service,
      labels: { [Label.group]: of, [Label.service]: service },
      ...more,
    };
  }

  async function create(service: string, more: Partial<ContainerSpec> = {}): Promise<string> {
    return client.createContainer(await spec(service, more));
  }

  async function listed(service: string): Promise<ContainerSummary> {
    const [found, ...more] = await client.listContainers({ group, service });
    assert.ok(found, `no container of ${service} listed`);
    assert.equal(more.length, 0, `more than one container of ${service} listed`);
    return found;
  }

  async function exited(id: string): Promise<ContainerState> {
    for (let attempt = 0; attempt < 200; attempt++) {
      const state = await client.inspectContainer(id);
      if (!state.running) return state;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.fail(`container ${id} still runs after 10 s`);
  }

  async function read(chunks: AsyncIterable<LogChunk>): Promise<string[]> {
    const seen: string[] = [];
    for await (const chunk of chunks) seen.push(`${chunk.stream}:${chunk.data.toString()}`);
    return seen;
  }

  describe("containers by label", () => {
    it("lists the group's containers, one service's by both labels, never another group's or a one-off", async () => {
      const config = { image: engine.image, env: { ROLE: "a" } };
      const a = await create("a", { labels: containerLabels(group, "a", config) });
      const b = await create("b");
      await client.createContainer(
        await spec("a", {
          name: `${group}-a-run-1`,
          labels: { [Label.group]: group, [Label.service]: "a", [Label.oneOff]: "true" },
        }),
      );
      const other = newGroup();
      await client.createContainer(await spec("a", {}, other));

      const all = await client.listContainers({ group });
      assert.deepEqual(all.map((c) => c.id).sort(), [a, b].sort());
      const [onlyA, ...rest] = await client.listContainers({ group, service: "a" });
      assert.equal(rest.length, 0);
      assert.equal(onlyA?.id, a);
      assert.equal(onlyA.name, `${group}-a-1`);
      assert.deepEqual([onlyA.group, onlyA.service, onlyA.status], [group, "a", "created"]);
      assert.deepEqual(
        [onlyA.configHash, JSON.parse(onlyA.config)],
        [containerLabels(group, "a", config)[Label.configHash], config],
      );
      assert.deepEqual(onlyA.networks, [{ name: `boss-${group}`, id: await network() }]);
      const listedB = all.find((c) => c.id === b);
      assert.deepEqual(
        [listedB?.configHash, listedB?.config],
        ["", "{}"],
        "no config labels: an empty hash, an empty config",
      );
      assert.ok((listedB?.created ?? 0) >= onlyA.created, "created: later is not smaller");
      assert.deepEqual(await client.listContainers({ group: newGroup() }), []);
    });

    it("refuses a name that is taken with NameConflictError, and frees it when the container goes", async () => {
      const first = await create("web");
      await assert.rejects(create("web"), NameConflictError);
      await client.removeContainer(first);
      const second = await create("web");
      assert.notEqual(second, first);
    });
  });

  describe("lifecycle", () => {
    it("reports created, running and exited, each with its exit code", async () => {
      const id = await create("web");
      assert.deepEqual(pick(await client.inspectContainer(id)), { running: false, status: "created", exitCode: 0 });
      await client.startContainer(id);
      assert.deepEqual(pick(await client.inspectContainer(id)), { running: true, status: "running", exitCode: 0 });
      assert.equal((await listed("web")).status, "running");
      await client.stopContainer(id, 10);
      assert.deepEqual(pick(await client.inspectContainer(id)), { running: false, status: "exited", exitCode: 0 });
      assert.equal((await listed("web")).status, "exited");
    });

    it("starting a running container, stopping a stopped one and stopping or removing a missing one do nothing", async () => {
      const id = await create("web");
      await client.startContainer(id);
      await client.startContainer(id);
      assert.equal((await client.inspectContainer(id)).status, "running");
      await client.stopContainer(id, 10);
      await client.stopContainer(id, 10);
      assert.equal((await client.inspectContainer(id)).status, "exited");
      await client.removeContainer(id);
      await client.stopContainer(id, 10);
      await client.removeContainer(id);
      assert.deepEqual(await client.listContainers({ group }), []);
    });

    it("removes a running container (killing it), and restarts a stopped one", async () => {
      const kept = await create("kept");
      await client.startContainer(kept);
      await client.stopContainer(kept, 10);
      await client.startContainer(kept);
      assert.equal((await client.inspectContainer(kept)).status, "running");
      await client.removeContainer(kept);
      assert.deepEqual(await client.listContainers({ group }), []);
    });

    it("a container that exits on its own is exited with its code, and keeps its output", async () => {
      const id = await create("job", { cmd: engine.exitingCommand("job", 3, ["one", "two"]) });
      await client.startContainer(id);
      assert.deepEqual(pick(await exited(id)), { running: false, status: "exited", exitCode: 3 });
      assert.equal(await client.containerLogs(id, 10), "one\ntwo\n");
      assert.equal(await client.containerLogs(id, 1), "two\n");
      assert.equal(text(await read(client.streamLogs(id, { follow: false }))), "one\ntwo\n");
      assert.deepEqual(await read(client.streamLogs(id, { follow: false, tail: 1 })), ["stdout:two\n"]);
      const followed = await read(client.streamLogs(id, { follow: true }));
      assert.equal(text(followed), "one\ntwo\n", "following a stopped container ends");
    });

    it("containerEvents tells the group's create, start, die and destroy, with the service, never another group's", async () => {
      const controller = new AbortController();
      const seen: string[] = [];
      let wanted: () => void = () => undefined;
      const allSeen = new Promise<void>((resolve) => (wanted = resolve));
      const following = (async () => {
        for await (const event of client.containerEvents(group, controller.signal)) {
          seen.push(`${event.service}:${event.action}`);
          if (seen.includes("watched:destroy")) wanted();
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 200)); // the engine's stream is open
      const other = newGroup();
      await client.startContainer(await client.createContainer(await spec("elsewhere", {}, other)));
      const id = await create("watched");
      await client.startContainer(id);
      await client.stopContainer(id, 5);
      await client.removeContainer(id);
      await Promise.race([allSeen, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      controller.abort();
      await following;
      for (const action of ["create", "start", "die", "destroy"])
        assert.ok(seen.includes(`watched:${action}`), `${action} in ${seen.join(", ")}`);
      assert.ok(!seen.some((e) => e.startsWith("elsewhere:")), "another group's events");
    });

    it("a missing container is the engine's 404 for inspect, start and logs", async () => {
      const id = await create("gone");
      await client.removeContainer(id);
      for (const call of [
        () => client.inspectContainer(id),
        () => client.startContainer(id),
        () => client.containerLogs(id, 5),
        () => client.publishedPort(id, 80),
      ]) {
        await assert.rejects(call(), (error: { statusCode?: number }) => error.statusCode === 404);
      }
    });
  });

  describe("files in a running container", () => {
    it("copies files in, making folders on the way, and runs commands there to their end", async () => {
      const source = makeTempDir("boss-contract-");
      source.write("a.txt", "one\n");
      source.write("sub/b.txt", "two\n");
      const id = await create("web");
      await client.startContainer(id);
      await client.copyIntoContainer(id, {
        sourceDir: source.path,
        entries: ["a.txt", "sub/b.txt"],
        targetDir: "/new/app",
      });
      assert.deepEqual(await client.runInContainer(id, ["cat", "/new/app/sub/b.txt"]), {
        exitCode: 0,
        output: "two\n",
      });
      assert.deepEqual(await client.runInContainer(id, ["cat", "/new/app/a.txt"]), { exitCode: 0, output: "one\n" });
      assert.equal((await client.runInContainer(id, ["rm", "-rf", "--", "/new/app/a.txt"])).exitCode, 0);
      assert.notEqual((await client.runInContainer(id, ["cat", "/new/app/a.txt"])).exitCode, 0);
      source.remove();
    });

    it("running a command in a stopped container is the engine's 409", async () => {
      const id = await create("web");
      await client.startContainer(id);
      await client.stopContainer(id, 10);
      await assert.rejects(
        client.runInContainer(id, ["true"]),
        (error: { statusCode?: number }) => error.statusCode === 409,
      );
    });
  });

  describe("published ports", () => {
    it("a private port on 127.0.0.1 gets a host port the engine picks, reported while the container runs", async () => {
      const id = await create("api", { ports: [{ containerPort: 8080, protocol: "tcp", hostIp: "127.0.0.1" }] });
      await client.startContainer(id);
      const { ports } = await client.inspectContainer(id);
      assert.equal(ports.length, 1, JSON.stringify(ports));
      const [port] = ports;
      assert.deepEqual(
        { ...port, hostPort: 0 },
        { containerPort: 8080, protocol: "tcp", hostIp: "127.0.0.1", hostPort: 0 },
      );
      assert.ok(port && port.hostPort > 0);
      assert.equal(await client.publishedPort(id, 8080), port.hostPort);
      assert.equal(await client.publishedPort(id, 9090), undefined);
      await client.stopContainer(id, 10);
      assert.deepEqual((await client.inspectContainer(id)).ports, []);
      assert.equal(await client.publishedPort(id, 8080), undefined);
    });

    it("a host port asked for is published on every address; udp too", async () => {
      const hostPort = await freePort();
      const id = await create("web", {
        ports: [
          { containerPort: 80, protocol: "tcp", hostPort },
          { containerPort: 53, protocol: "udp", hostIp: "127.0.0.1" },
        ],
      });
      await client.startContainer(id);
      const { ports } = await client.inspectContainer(id);
      const tcp = ports.filter((p) => p.protocol === "tcp");
      assert.ok(
        tcp.length > 0 && tcp.every((p) => p.containerPort === 80 && p.hostPort === hostPort),
        JSON.stringify(ports),
      );
      assert.ok(
        tcp.some((p) => p.hostIp === "0.0.0.0"),
        JSON.stringify(ports),
      );
      const udp = ports.filter((p) => p.protocol === "udp");
      assert.deepEqual(
        udp.map((p) => [p.containerPort, p.hostIp]),
        [[53, "127.0.0.1"]],
      );
      assert.equal(await client.publishedPort(id, 80), hostPort);
      assert.equal(await client.publishedPort(id, 53), undefined, "publishedPort is about tcp");
    });

    it("a host port another running container publishes fails the start, and that container is named", async () => {
      const hostPort = await freePort();
      const holder = await create("holder", { ports: [{ containerPort: 80, protocol: "tcp", hostPort }] });
      await client.startContainer(holder);
      const late = await create("late", { ports: [{ containerPort: 81, protocol: "tcp", hostPort }] });
      await assert.rejects(client.startContainer(late), (error: unknown) => portInUse(error)?.hostPort === hostPort);
      assert.deepEqual(await client.containersPublishing(hostPort, "tcp"), [
        { id: holder, name: `${group}-holder-1`, group, service: "holder" },
      ]);
      assert.deepEqual(await client.containersPublishing(hostPort, "udp"), []);
    });
  });

  describe("mounts", () => {
    it("reports a named volume, a new anonymous volume and a read-only bind mount as such", async () => {
      const folder = makeTempDir("boss-contract-");
      try {
        const volume = `${group}_data`;
        await client.ensureVolume(volume, { [Label.group]: group, [Label.volume]: "data" });
        await create("db", {
          mounts: [
            { source: volume, target: "/data", readOnly: false },
            { target: "/cache", readOnly: false },
            { source: folder.path, target: "/host", readOnly: true },
          ],
        });
        const { mounts } = await listed("db");
        const at = (target: string) => mounts.find((m) => m.target === target);
        assert.deepEqual(pickMount(at("/data")), { type: "volume", name: volume, readOnly: false, anonymous: false });
        const anonymous = at("/cache");
        assert.match(anonymous?.name ?? "", /^[0-9a-f]{64}$/);
        assert.deepEqual(pickMount(anonymous), {
          type: "volume",
          name: anonymous?.name,
          readOnly: false,
          anonymous: true,
        });
        assert.deepEqual(pickMount(at("/host")), { type: "bind", readOnly: true, anonymous: false });
        assert.equal(at("/host")?.source, folder.path);
        assert.equal(mounts.length, 3);
      } finally {
        folder.remove();
      }
    });

    it("an anonymous volume mounted again by name stays anonymous, and is removed only once no container uses it", async () => {
      const first = await create("db", { mounts: [{ target: "/cache", readOnly: false }] });
      const name = (await listed("db")).mounts[0]?.name ?? "";
      await client.removeContainer(first);
      const second = await create("db", { mounts: [{ source: name, target: "/cache", readOnly: false }] });
      assert.deepEqual(pickMount((await listed("db")).mounts[0]), {
        type: "volume",
        name,
        readOnly: false,
        anonymous: true,
      });
      assert.deepEqual(await client.removeVolumes([name]), [], "in use: kept");
      await client.removeContainer(second, { volumes: true });
      assert.deepEqual(await client.removeVolumes([name]), [name]);
      assert.deepEqual(await client.removeVolumes([name]), [name], "a missing volume counts as gone");
    });
  });

  describe("networks and volumes", () => {
    it("ensureNetwork gives one network's id however often it is asked; removeGroupNetworks removes only the group's", async () => {
      const id = await network();
      assert.equal(await network(), id);
      const other = newGroup();
      const otherId = await network(other);
      assert.notEqual(otherId, id);
      assert.deepEqual(await client.removeGroupNetworks(group), [], "none left behind");
      assert.equal(await network(other), otherId, "another group's network stays");
      const again = await network();
      assert.notEqual(again, id, "removed, then made anew");
    });

    it("ensureVolume makes a labelled volume once; removeGroupVolumes removes the group's and names them", async () => {
      const labels = { [Label.group]: group, [Label.volume]: "data" };
      await client.ensureVolume(`${group}_data`, labels);
      await client.ensureVolume(`${group}_data`, labels);
      await client.ensureVolume(`${group}_logs`, { [Label.group]: group, [Label.volume]: "logs" });
      const other = newGroup();
      await client.ensureVolume(`${other}_data`, { [Label.group]: other, [Label.volume]: "data" });
      assert.deepEqual((await client.removeGroupVolumes(group)).sort(), [`${group}_data`, `${group}_logs`]);
      assert.deepEqual(await client.removeGroupVolumes(group), []);
      assert.deepEqual(await client.removeGroupVolumes(other), [`${other}_data`]);
    });
  });

  describe("images", () => {
    it("imageId gives a local image's id and undefined for a missing one", async () => {
      assert.match((await client.imageId(engine.image)) ?? "", /^sha256:/);
      assert.equal(await client.imageId(`boss-contract-missing-${group}:none`), undefined);
    });

    it("buildImage tags what it builds and returns its id", async () => {
      const folder = makeTempDir("boss-contract-build-");
      try {
        folder.write("Dockerfile", `FROM ${engine.image}\nLABEL boss.contract=yes\n`);
        const tag = `boss-contract-${group}:1`;
        const progress: string[] = [];
        const id = await client.buildImage(
          { context: folder.path, dockerfile: "Dockerfile", tag, buildArgs: {}, labels: { [Label.group]: group } },
          (line) => progress.push(line),
        );
        assert.match(id, /^sha256:/);
        assert.equal(await client.imageId(tag), id);
        assert.ok(progress.length > 0, "progress is reported");
        const info = await client.inspectImage(tag);
        assert.equal(info?.id, id);
        assert.equal(info?.labels[Label.group], group, "inspectImage gives the build's labels");
        assert.equal(await client.inspectImage(`boss-contract-missing-${group}:none`), undefined);
      } finally {
        folder.remove();
      }
    });
  });
}

/** The chunks' text, when all of it was written to stdout. */
function text(chunks: readonly string[]): string {
  assert.ok(
    chunks.every((c) => c.startsWith("stdout:")),
    chunks.join(""),
  );
  return chunks.map((c) => c.slice("stdout:".length)).join("");
}

function pick(state: ContainerState): Pick<ContainerState, "running" | "status" | "exitCode"> {
  return { running: state.running, status: state.status, exitCode: state.exitCode };
}

function pickMount(mount: ContainerSummary["mounts"][number] | undefined): object | undefined {
  if (!mount) return undefined;
  const { type, name, readOnly, anonymous } = mount;
  return { type, ...(name ? { name } : {}), readOnly, anonymous };
}

/** A TCP port free on this machine now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}
