import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, describe, it } from "node:test";
import { ExitCode } from "../../../src/errors.js";
import { bossInProcess } from "../../helpers/run-cli.js";
import { manifestOf, validManifests, type Manifest } from "../../helpers/kubernetes-schema.js";
import { FakeEngineFolder, shopServices } from "../fake-engine-folder.js";

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return --
   the assertions walk YAML parsed back as kubectl reads it: untyped on purpose, checked by the schema first */

/** A graph that sets every field boss has, each to something the export maps or lists. */
export const everyFieldServices = `
import { Context, Service, group, waitFor } from "boss";
group("every-field");
Context.set("region", "eu-west");
export class Db extends Service {
  name = "db";
  image = "postgres:16";
  env = { POSTGRES_PASSWORD: "pw", REGION: "{region}" };
  envFile = [];
  ports = ["5433:5432", "127.0.0.1:9187:9187"];
  volumes = ["pgdata:/var/lib/postgresql/data", "./init:/docker-entrypoint-initdb.d:ro", "/scratch"];
  ping = waitFor.all([waitFor.tcp(5433), waitFor.log(/ready/)]);
  stopSignal = "SIGINT" as const;
  stopGracePeriod = "45s";
  memory = "512m";
  cpus = 1.5;
  shmSize = "256m";
  healthcheck = { test: ["CMD", "pg_isready"], interval: "5s", retries: 3 };
  ulimits = { nofile: 65536 };
  sysctls = { "net.core.somaxconn": 1024 };
  labels = { "com.example.team": "data" };
  aliases = ["database"];
  replicas = 1;
  pullPolicy = "always" as const;
  preStart() {}
  async postStart() { Context.set("db_ready", true); }
}
export class Migrate extends Service {
  name = "migrate";
  image = "migrate:1";
  job = true;
  dependencies = [Db];
  cmd = ["migrate", "--url", "postgres://db/{region}"];
}
export class Api extends Service {
  name = "api";
  image = "api:1";
  buildFrom = "api";
  dependencies = [Migrate, Db];
  replicas = 3;
  ports = { 8080: 0, "53/udp": 5353 };
  ping = waitFor.http({ port: 8080, path: "/ready" });
  entrypoint = ["/app/run"];
  cmd = "--verbose";
  user = "1000:1000";
  workingDir = "/app";
  capAdd = ["NET_ADMIN"];
  readOnly = true;
  tmpfs = { "/tmp": "size=64m,mode=1777" };
  securityOpt = ["no-new-privileges:true", "seccomp=unconfined"];
  extraHosts = { "metadata.local": "10.0.0.5", "host.docker.internal": "host-gateway" };
  hostname = "api-host";
  platform = "linux/amd64";
  restart = "always" as const;
  init = true;
  devices = ["/dev/fuse"];
  rawCreateOptions = { HostConfig: { OomScoreAdj: 500 } };
  watch = [{ path: "api/src", action: "sync" as const, target: "/app/src" }];
  alwaysStartNew = true;
  swarm = { endpointMode: "dnsrr" as const };
  env = { API_TOKEN: "{token}", DB_HOST: "db" };
  control = { port: 9000, payload: { owner: "{region}" } };
}
export class Cli extends Service {
  name = "cli";
  image = "busybox";
  user = "app";
  dependencies = [Api];
  ping = waitFor.command(["test", "-f", "/ready"], { timeout: 3 });
  stopSignal = "SIGQUIT" as const;
  profiles = [];
}
export class Debug extends Service {
  name = "debug";
  image = "busybox";
  profiles = ["debug"];
}
`;

let folder: FakeEngineFolder | undefined;
afterEach(() => folder?.remove());

/** The "Not carried over" lines of the comment at the top. */
function notesIn(text: string): string[] {
  const lines = text.split("\n");
  const start = lines.indexOf("# Not carried over:");
  if (start === -1) return [];
  const end = lines.indexOf("#", start);
  return lines.slice(start + 1, end === -1 ? undefined : end).map((line) => line.slice("#   ".length));
}

describe("boss export kubernetes (in-process)", () => {
  it("exports a graph that uses every field: valid objects, the mapping, and the list of what did not carry over", async () => {
    folder = new FakeEngineFolder(everyFieldServices);
    folder.folder.write("api/Dockerfile", "FROM busybox\n");
    folder.folder.write("api/src/main.js", "");
    folder.folder.write("init/schema.sql", "");
    const run = await folder.boss(["export", "kubernetes"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.equal(folder.engineRequests, 0, "no engine needed");
    const manifests = validManifests(run.stdout);
    assert.deepEqual(
      manifests.map((m) => `${m.kind}/${m.metadata.name}`),
      [
        "ServiceAccount/every-field-boss-wait",
        "Role/every-field-boss-wait",
        "RoleBinding/every-field-boss-wait",
        "ConfigMap/every-field-context",
        "Secret/every-field-secrets",
        "PersistentVolumeClaim/every-field-pgdata",
        "Deployment/db",
        "Service/db",
        "Service/database",
        "Job/migrate",
        "Deployment/api",
        "Service/api",
        "Deployment/cli",
        "Service/cli",
      ],
    );
    const db = (manifestOf(manifests, "Deployment", "db").spec as any).template;
    const dbContainer = db.spec.containers[0];
    assert.equal(dbContainer.imagePullPolicy, "Always");
    assert.deepEqual(dbContainer.resources, { limits: { memory: String(512 * 1024 * 1024), cpu: "1500m" } });
    assert.equal(db.spec.terminationGracePeriodSeconds, 45);
    assert.deepEqual(dbContainer.lifecycle.preStop.exec.command, [
      "/bin/sh",
      "-c",
      "kill -INT 1; while kill -0 1 2>/dev/null; do sleep 1; done",
    ]);
    assert.deepEqual(dbContainer.readinessProbe, { tcpSocket: { port: 5432 }, periodSeconds: 1 });
    assert.deepEqual(db.spec.securityContext, { sysctls: [{ name: "net.core.somaxconn", value: "1024" }] });
    assert.deepEqual(db.metadata.annotations, { "com.example.team": "data" });
    assert.deepEqual(
      db.spec.volumes.map((v: any) => Object.keys(v).filter((k) => k !== "name")[0]),
      ["persistentVolumeClaim", "emptyDir", "emptyDir"],
      "the claim, the anonymous volume, /dev/shm (the bind mount is listed instead)",
    );
    assert.deepEqual(db.spec.volumes[2], {
      name: "shm",
      emptyDir: { medium: "Memory", sizeLimit: String(256 * 1024 * 1024) },
    });
    const alias = manifestOf(manifests, "Service", "database").spec as any;
    assert.deepEqual(alias.selector, { "boss.group": "every-field", "boss.service": "db" });

    const job = manifestOf(manifests, "Job", "migrate").spec as any;
    assert.equal(job.backoffLimit, 0);
    assert.equal(job.template.spec.restartPolicy, "Never");
    assert.deepEqual(job.template.spec.containers[0].args, [
      "migrate",
      "--url",
      "postgres://db/$(BOSS_CONTEXT_region)",
    ]);
    assert.match(job.template.spec.initContainers[0].command[2], /nc -z -w 2 db 5432/);

    const api = manifestOf(manifests, "Deployment", "api").spec as any;
    assert.equal(api.replicas, 3);
    const pod = api.template.spec;
    const container = pod.containers[0];
    assert.deepEqual(
      pod.initContainers.map((c: any) => c.name),
      ["wait-for-migrate", "wait-for-db"],
    );
    assert.equal(pod.serviceAccountName, "every-field-boss-wait");
    assert.deepEqual(container.command, ["/app/run"]);
    assert.deepEqual(container.args, ["--verbose"]);
    assert.equal(container.workingDir, "/app");
    assert.deepEqual(container.securityContext, {
      runAsUser: 1000,
      runAsGroup: 1000,
      capabilities: { add: ["NET_ADMIN"] },
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    });
    assert.deepEqual(container.readinessProbe.httpGet, { port: 8080, path: "/ready", scheme: "HTTP" });
    assert.deepEqual(pod.volumes, [{ name: "tmpfs-0", emptyDir: { medium: "Memory", sizeLimit: "64Mi" } }]);
    assert.deepEqual(pod.hostAliases, [{ ip: "10.0.0.5", hostnames: ["metadata.local"] }]);
    assert.equal(pod.hostname, "api-host");
    assert.deepEqual(pod.nodeSelector, { "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64" });
    assert.deepEqual(
      (manifestOf(manifests, "Service", "api").spec as any).ports.map((p: any) => `${p.protocol}/${p.port}`),
      ["TCP/8080", "UDP/53", "TCP/9000"],
    );
    const env = Object.fromEntries(container.env.map((e: any) => [e.name, e]));
    assert.deepEqual(env.API_TOKEN.valueFrom, { secretKeyRef: { name: "every-field-secrets", key: "token" } });

    const cli = (manifestOf(manifests, "Deployment", "cli").spec as any).template.spec;
    assert.deepEqual(cli.containers[0].readinessProbe, {
      exec: { command: ["test", "-f", "/ready"] },
      timeoutSeconds: 3,
      periodSeconds: 1,
    });
    assert.match(cli.initContainers[0].command[2], /wget -q -T 2 -O \/dev\/null 'http:\/\/api:8080\/ready'/);

    const secret = manifestOf(manifests, "Secret", "every-field-secrets") as any;
    assert.match(secret.stringData.token, /^<unset: no value for "token"/);
    assert.equal(secret.stringData["db.POSTGRES_PASSWORD"], "pw");
    assert.deepEqual((manifestOf(manifests, "ConfigMap", "every-field-context") as any).data, { region: "eu-west" });

    // Everything that did not carry over is in the header, and the same on stderr.
    const notes = notesIn(run.stdout);
    const fields = new Set(notes.map((note) => note.split(":")[0]));
    for (const field of [
      "debug.profiles",
      "db.ping",
      "db.healthcheck",
      "db.volumes",
      "db.preStart",
      "db.postStart",
      "db.ports",
      "db.ulimits",
      "db.stopSignal",
      "api.buildFrom",
      "api.control",
      "api.capAdd",
      "api.securityOpt",
      "api.extraHosts",
      "api.restart",
      "api.init",
      "api.devices",
      "api.rawCreateOptions",
      "api.watch",
      "api.alwaysStartNew",
      "api.swarm",
      "api.ports",
      "cli.user",
      "cli.stopSignal",
    ]) {
      assert.ok(fields.has(field), `${field} is listed: ${[...fields].join(", ")}`);
    }
    assert.ok(notes.includes("api.tmpfs: /tmp: options mode=1777 not carried over"));
    assert.ok(notes.some((n) => /^db\.ping: waitFor\.log\(\/ready\/\): Kubernetes has no probe/.test(n)));
    const stderrNotes = run.stderr
      .split("\n")
      .filter((line) => line.startsWith("boss: not carried over: "))
      .map((line) => line.slice("boss: not carried over: ".length));
    assert.deepEqual(stderrNotes, notes);
    assert.match(run.stderr, /boss: Context values not known yet \(placeholders\): token\n/);
  });

  it("takes the Context's values from .boss-context, without boss's own records", async () => {
    folder = new FakeEngineFolder();
    folder.folder.write(".boss-context", JSON.stringify({ db_name: "shop", "boss.ready": { db: "abc" } }));
    const run = await folder.boss(["export", "kubernetes", "--namespace", "staging"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    const manifests = validManifests(run.stdout);
    assert.deepEqual((manifestOf(manifests, "ConfigMap", "shop-context") as any).data, { db_name: "shop" });
    assert.ok(manifests.every((m) => m.metadata.namespace === "staging"));
    assert.doesNotMatch(run.stderr, /placeholders/);
  });

  it("-o DIR: a file of the group's objects, then one per service in start order, the notes on top", async () => {
    folder = new FakeEngineFolder();
    const run = await folder.boss(["export", "kubernetes", "-o", "k8s"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.equal(run.stdout, "");
    const dir = join(folder.folder.path, "k8s");
    assert.deepEqual(readdirSync(dir), ["00-shop.yaml", "01-db.yaml", "02-docs.yaml", "03-web.yaml"]);
    const first = readFileSync(join(dir, "00-shop.yaml"), "utf8");
    assert.match(first, /^# Kubernetes manifests of the boss group "shop"/);
    assert.ok(
      notesIn(first).includes(
        "web.ping: a hand-written ping() runs on the machine that runs boss and is not carried over; the pod is ready as soon as it runs",
      ),
    );
    const all: Manifest[] = readdirSync(dir).flatMap((f) => validManifests(readFileSync(join(dir, f), "utf8")));
    assert.deepEqual(
      validManifests(readFileSync(join(dir, "03-web.yaml"), "utf8")).map((m) => `${m.kind}/${m.metadata.name}`),
      ["Deployment/web", "Service/web"],
    );
    manifestOf(all, "PersistentVolumeClaim", "shop-uploads");
    assert.match(
      run.stderr,
      /boss: wrote k8s\/00-shop\.yaml, k8s\/01-db\.yaml, k8s\/02-docs\.yaml, k8s\/03-web\.yaml\n/,
    );
  });

  it("-o DIR again: replaces its files whole, and says which other files kubectl would apply too", async () => {
    folder = new FakeEngineFolder();
    folder.folder.write("k8s/99-mine.yaml", "# the user's own\n");
    folder.folder.write("k8s/03-web.yaml", "stale");
    const run = await folder.boss(["export", "kubernetes", "-o", "k8s"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    const dir = join(folder.folder.path, "k8s");
    assert.deepEqual(readdirSync(dir), ["00-shop.yaml", "01-db.yaml", "02-docs.yaml", "03-web.yaml", "99-mine.yaml"]);
    assert.equal(readFileSync(join(dir, "99-mine.yaml"), "utf8"), "# the user's own\n", "never removed");
    manifestOf(validManifests(readFileSync(join(dir, "03-web.yaml"), "utf8")), "Deployment", "web");
    assert.match(run.stderr, /boss: k8s also holds 99-mine\.yaml, not written by this export: kubectl apply -f/);
  });

  for (const [flags, field, message] of [
    [["--namespace", "Staging_1"], "--namespace", '"Staging_1" is not a namespace name'],
    [["--volume-size", "lots"], "--volume-size", '"lots" is not a storage size'],
  ] as const) {
    it(`refuses ${flags.join(" ")} (exit 2, naming the flag)`, async () => {
      folder = new FakeEngineFolder();
      const run = await folder.boss(["export", "kubernetes", ...flags]);
      assert.equal(run.code, ExitCode.userError, run.stderr);
      assert.match(run.stderr, new RegExp(`${field}: ${message}`));
      assert.equal(run.stdout, "");
    });
  }

  it("--json: the objects, the notes and the unset keys in one JSON line", async () => {
    folder = new FakeEngineFolder(shopServices);
    const run = await folder.boss(["export", "kubernetes", "--json"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    const lines = run.stdout.trimEnd().split("\n");
    assert.equal(lines.length, 1);
    const document = JSON.parse(lines[0] ?? "") as { objects: Manifest[]; notes: unknown[]; unset: string[] };
    assert.deepEqual(document.unset, ["db_name"]);
    assert.ok(document.notes.length > 0);
    manifestOf(document.objects, "Deployment", "web");
  });

  it("--profile: exports the services of the profile too", async () => {
    folder = new FakeEngineFolder(`import { Service } from "boss";
export class A extends Service { name = "a"; image = "busybox"; }
export class B extends Service { name = "b"; image = "busybox"; profiles = ["debug"]; }
`);
    const without = validManifests((await folder.boss(["export", "kubernetes"])).stdout);
    assert.ok(!without.some((m) => m.metadata.name === "b"));
    const run = await folder.boss(["export", "kubernetes", "--profile", "debug"]);
    manifestOf(validManifests(run.stdout), "Deployment", "b");
  });
});

describe("boss export kubernetes of the examples", () => {
  const repo = resolve(import.meta.dirname, "../../..");

  it("the README demo: the database, then the app once the database's Service answers", async () => {
    const cwd = join(repo, "examples/readme-demo");
    const run = await bossInProcess(["export", "kubernetes"], { cwd, env: {} });
    assert.equal(run.code, ExitCode.ok, run.stderr);
    const manifests = validManifests(run.stdout);
    const todo = (manifestOf(manifests, "Deployment", "todo").spec as any).template.spec;
    assert.match(todo.initContainers[0].command[2], /^until nc -z -w 2 appdb 5432; do/);
    assert.deepEqual(todo.containers[0].readinessProbe.httpGet, { port: 8080, path: "/health", scheme: "HTTP" });
    const env = Object.fromEntries(todo.containers[0].env.map((e: any) => [e.name, e]));
    assert.deepEqual(env.OWNER_ID.valueFrom, { configMapKeyRef: { name: "readme-demo-context", key: "owner_id" } });
    assert.deepEqual((manifestOf(manifests, "Service", "appdb").spec as any).ports[0].port, 5432);
    const notes = notesIn(run.stdout);
    assert.ok(notes.some((n) => n.startsWith("appdb.ping: a hand-written ping()")));
    assert.ok(notes.some((n) => n.startsWith("appdb.postStart: ")));
    assert.ok(notes.some((n) => n.startsWith("todo.buildFrom: boss builds todo:0.1.0")));
  });

  it("the controlled example: the core and NET_ADMIN are listed, the client waits for the feed's core port", async () => {
    const cwd = join(repo, "examples/controlled");
    const run = await bossInProcess(["export", "kubernetes"], { cwd, env: {} });
    assert.equal(run.code, ExitCode.ok, run.stderr);
    const manifests = validManifests(run.stdout);
    const feed = (manifestOf(manifests, "Deployment", "feed").spec as any).template.spec.containers[0];
    assert.deepEqual(feed.securityContext, { capabilities: { add: ["NET_ADMIN"] } });
    const client = (manifestOf(manifests, "Deployment", "client").spec as any).template.spec;
    assert.match(client.initContainers[0].command[2], /nc -z -w 2 feed 8080/);
    const notes = notesIn(run.stdout);
    for (const field of ["feed.control", "feed.capAdd", "feed.preStart", "feed.buildFrom", "client.ports"]) {
      assert.ok(
        notes.some((n) => n.startsWith(`${field}: `)),
        `${field} in ${notes.join("\n")}`,
      );
    }
  });
});
