import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { yamlDocuments } from "../../../src/cli/render/kubernetes-yaml.js";
import type { JsonValue } from "../../../src/model/json.js";
import { waitFor } from "../../../src/model/wait-for/index.js";
import { defaultExportOptions } from "../../../src/orchestrator/export/kubernetes/export-options.js";
import { noteText } from "../../../src/orchestrator/export/kubernetes/export-notes.js";
import {
  kubernetesManifests,
  type KubernetesExport,
} from "../../../src/orchestrator/export/kubernetes/kubernetes-manifests.js";
import { defineService, fixtureFile, type ServiceFields } from "../../helpers/definitions.js";
import { manifestOf, validManifests, type Manifest } from "../../helpers/kubernetes-schema.js";
import { expectUserError } from "../../helpers/user-error.js";

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return --
   the assertions walk YAML parsed back as kubectl reads it: untyped on purpose, checked by the schema first */

function exportOf(
  fields: ServiceFields[],
  context: Record<string, JsonValue> = {},
  options = defaultExportOptions,
): { exported: KubernetesExport; manifests: Manifest[]; notes: string[] } {
  const services = fields.map((f) => defineService(f));
  const exported = kubernetesManifests(
    { group: "shop", file: fixtureFile },
    services,
    new Map(Object.entries(context)),
    options,
  );
  const all = [...exported.shared, ...exported.services.flatMap((s) => s.objects)];
  // Every test checks the YAML as kubectl would get it against the Kubernetes schema.
  return { exported, manifests: validManifests(yamlDocuments(all)), notes: exported.notes.map(noteText) };
}

function podOf(manifests: Manifest[], kind: "Deployment" | "Job", name: string): any {
  return (manifestOf(manifests, kind, name).spec as any).template.spec;
}

function containerOf(manifests: Manifest[], name: string, kind: "Deployment" | "Job" = "Deployment"): any {
  return podOf(manifests, kind, name).containers[0];
}

const database: ServiceFields = {
  name: "appdb",
  image: "postgres:16",
  env: { POSTGRES_USER: "dbuser", POSTGRES_PASSWORD: "dbpwd" },
  ports: { 5432: 5433 },
  volumes: ["pgdata:/var/lib/postgresql/data"],
  ping: waitFor.tcp(5433),
};

const app: ServiceFields = {
  name: "todo",
  image: "todo:0.1.0",
  dependencies: ["appdb"],
  env: { OWNER_ID: "{owner_id}", DATABASE_URL: "postgresql://dbuser:dbpwd@appdb:5432/appdb", MODE: "demo" },
  ports: { 8080: 18080 },
  ping: waitFor.http({ port: 18080, path: "/health" }),
};

describe("kubernetesManifests", () => {
  it("makes a Deployment and a Service per service, labelled, selecting boss's labels", () => {
    const { manifests } = exportOf([database, app]);
    for (const name of ["appdb", "todo"]) {
      const deployment = manifestOf(manifests, "Deployment", name);
      const service = manifestOf(manifests, "Service", name);
      assert.deepEqual(deployment.metadata.labels, {
        "app.kubernetes.io/part-of": "shop",
        "app.kubernetes.io/managed-by": "boss",
        "app.kubernetes.io/name": name,
        "app.kubernetes.io/instance": `shop-${name}`,
        "boss.group": "shop",
        "boss.service": name,
      });
      const selector = { "boss.group": "shop", "boss.service": name };
      assert.deepEqual((deployment.spec as any).selector.matchLabels, selector);
      assert.deepEqual((service.spec as any).selector, selector);
      // The pods carry what the Deployment and the Service select.
      const podLabels = (deployment.spec as any).template.metadata.labels;
      for (const [key, value] of Object.entries(selector)) assert.equal(podLabels[key], value);
      assert.equal((deployment.spec as any).replicas, 1);
    }
    const ports = (manifestOf(manifests, "Service", "appdb").spec as any).ports;
    assert.deepEqual(ports, [{ name: "tcp-5432", port: 5432, targetPort: 5432, protocol: "TCP" }]);
  });

  it("turns pings on published host ports into readiness probes on the container ports", () => {
    const { manifests } = exportOf([database, app]);
    assert.deepEqual(containerOf(manifests, "appdb").readinessProbe, { tcpSocket: { port: 5432 }, periodSeconds: 1 });
    assert.deepEqual(containerOf(manifests, "todo").readinessProbe, {
      httpGet: { port: 8080, path: "/health", scheme: "HTTP" },
      periodSeconds: 1,
    });
  });

  it("waits for each dependency's readiness endpoint through its Service in an init container", () => {
    const { manifests } = exportOf([database, app, { name: "worker", dependencies: ["todo", "appdb"] }]);
    const waits = podOf(manifests, "Deployment", "worker").initContainers;
    assert.deepEqual(
      waits.map((c: any) => [c.name, c.image]),
      [
        ["wait-for-todo", "busybox:1.36"],
        ["wait-for-appdb", "busybox:1.36"],
      ],
    );
    assert.match(waits[0].command[2], /until wget -q -T 2 -O \/dev\/null 'http:\/\/todo:8080\/health'; do/);
    assert.match(waits[1].command[2], /until nc -z -w 2 appdb 5432; do/);
    assert.equal(podOf(manifests, "Deployment", "appdb").initContainers, undefined);
  });

  it("takes the wait image from the options", () => {
    const { manifests } = exportOf([database, app], {}, { ...defaultExportOptions, waitImage: "mirror/busybox:1" });
    assert.equal(podOf(manifests, "Deployment", "todo").initContainers[0].image, "mirror/busybox:1");
  });

  it("puts referenced Context values in a ConfigMap, secret-looking ones in a Secret, and says what is unset", () => {
    const { manifests, exported } = exportOf([database, app], {});
    assert.deepEqual(exported.unset, ["owner_id"]);
    const config = manifestOf(manifests, "ConfigMap", "shop-context");
    assert.match((config as any).data.owner_id, /^<unset: no value for "owner_id" in \.boss-context yet/);
    const secret = manifestOf(manifests, "Secret", "shop-secrets") as any;
    // The rule: a secret-looking name (POSTGRES_PASSWORD), or a URL with a password in it (DATABASE_URL).
    assert.deepEqual(Object.keys(secret.stringData).sort(), ["appdb.POSTGRES_PASSWORD", "todo.DATABASE_URL"]);
    const env = containerOf(manifests, "todo").env;
    assert.deepEqual(env.find((e: any) => e.name === "OWNER_ID").valueFrom, {
      configMapKeyRef: { name: "shop-context", key: "owner_id" },
    });
    assert.deepEqual(env.find((e: any) => e.name === "DATABASE_URL").valueFrom, {
      secretKeyRef: { name: "shop-secrets", key: "todo.DATABASE_URL" },
    });
    assert.deepEqual(
      env.find((e: any) => e.name === "MODE"),
      { name: "MODE", value: "demo" },
    );
  });

  it("takes known Context values, and refers to them from inside longer values and commands with $(VAR)", () => {
    const { manifests, exported } = exportOf(
      [
        {
          name: "api",
          env: { URL: "http://{host}:{port}/x", COST: "$5", API_TOKEN: "t-{owner_id}" },
          cmd: ["sh", "-c", "echo {host} $HOME"],
        },
      ],
      { host: "db.local", port: 5432, owner_id: 7 },
    );
    assert.deepEqual(exported.unset, []);
    assert.deepEqual((manifestOf(manifests, "ConfigMap", "shop-context") as any).data, {
      host: "db.local",
      port: "5432",
    });
    // owner_id fills API_TOKEN, a secret-looking name: it goes into the Secret.
    assert.deepEqual((manifestOf(manifests, "Secret", "shop-secrets") as any).stringData, { owner_id: "7" });
    const container = containerOf(manifests, "api");
    const byName = Object.fromEntries(container.env.map((e: any) => [e.name, e]));
    assert.equal(byName.URL.value, "http://$(BOSS_CONTEXT_host):$(BOSS_CONTEXT_port)/x");
    assert.equal(byName.COST.value, "$$5", "a literal $ is doubled: Kubernetes gives back $5");
    assert.equal(byName.API_TOKEN.value, "t-$(BOSS_CONTEXT_owner_id)");
    assert.deepEqual(byName.BOSS_CONTEXT_owner_id.valueFrom, {
      secretKeyRef: { name: "shop-secrets", key: "owner_id" },
    });
    // A variable is defined before the ones that refer to it.
    const names = container.env.map((e: any) => e.name);
    assert.ok(names.indexOf("BOSS_CONTEXT_host") < names.indexOf("URL"));
    assert.deepEqual(container.args, ["sh", "-c", "echo $(BOSS_CONTEXT_host) $$HOME"]);
  });

  it("makes a claim per named volume, mounts it, and replaces (not rolls) the pods that mount one", () => {
    const { manifests } = exportOf([database, { ...app, volumes: ["pgdata:/backup:ro"] }]);
    const claim = manifestOf(manifests, "PersistentVolumeClaim", "shop-pgdata") as any;
    assert.deepEqual(claim.spec, { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } });
    const pod = podOf(manifests, "Deployment", "appdb");
    assert.deepEqual(pod.volumes, [{ name: "volume-0", persistentVolumeClaim: { claimName: "shop-pgdata" } }]);
    assert.deepEqual(pod.containers[0].volumeMounts, [{ name: "volume-0", mountPath: "/var/lib/postgresql/data" }]);
    assert.deepEqual(containerOf(manifests, "todo").volumeMounts, [
      { name: "volume-0", mountPath: "/backup", readOnly: true },
    ]);
    assert.deepEqual((manifestOf(manifests, "Deployment", "appdb").spec as any).strategy, { type: "Recreate" });
  });

  it("lists what it cannot carry over", () => {
    const { notes } = exportOf([
      {
        ...database,
        ping: () => true,
        postStart: () => undefined,
        preStart: () => undefined,
        volumes: ["./data:/data", "/cache"],
      },
    ]);
    const expected = [
      /^appdb\.ping: a hand-written ping\(\) runs on the machine that runs boss/,
      /^appdb\.preStart: runs on the machine that runs boss/,
      /^appdb\.postStart: runs on the machine that runs boss/,
      /^appdb\.volumes: bind mount of the host folder \/projects\/shop\/data at \/data not carried over/,
      /^appdb\.volumes: anonymous volume \/cache becomes an emptyDir/,
      /^appdb\.ports: host ports \(5433->5432\) are not published/,
    ];
    for (const pattern of expected)
      assert.ok(
        notes.some((n) => pattern.test(n)),
        `${pattern} in ${notes.join("\n")}`,
      );
  });

  it("runs a job as a Job its dependents wait for with kubectl, as a ServiceAccount that may read jobs", () => {
    const { manifests } = exportOf([
      { name: "migrate", image: "migrate:1", job: true },
      { name: "web", dependencies: ["migrate"] },
    ]);
    const job = manifestOf(manifests, "Job", "migrate") as any;
    assert.equal(job.spec.backoffLimit, 0, "boss fails a job's dependents on its first failure");
    assert.equal(job.spec.template.spec.restartPolicy, "Never");
    assert.ok(!manifests.some((m) => m.kind === "Service" && m.metadata.name === "migrate"), "a job has no Service");
    const pod = podOf(manifests, "Deployment", "web");
    assert.equal(pod.serviceAccountName, "shop-boss-wait");
    assert.deepEqual(pod.initContainers, [
      {
        name: "wait-for-migrate",
        image: "registry.k8s.io/kubectl:v1.31.0",
        args: ["wait", "--for=condition=complete", "job/migrate", "--timeout=-1s"],
      },
    ]);
    manifestOf(manifests, "ServiceAccount", "shop-boss-wait");
    const role = manifestOf(manifests, "Role", "shop-boss-wait") as any;
    assert.deepEqual(role.rules[0], { apiGroups: ["batch"], resources: ["jobs"], verbs: ["get", "list", "watch"] });
    const binding = manifestOf(manifests, "RoleBinding", "shop-boss-wait") as any;
    assert.deepEqual(binding.subjects, [{ kind: "ServiceAccount", name: "shop-boss-wait" }]);
  });

  it("waits with kubectl for a dependency that has no port, and gives it a headless Service", () => {
    const { manifests, notes } = exportOf([{ name: "queue" }, { name: "worker", dependencies: ["queue"] }]);
    assert.deepEqual(podOf(manifests, "Deployment", "worker").initContainers[0].args, [
      "wait",
      "--for=condition=available",
      "deployment/queue",
      "--timeout=-1s",
    ]);
    assert.equal((manifestOf(manifests, "Service", "queue").spec as any).clusterIP, "None");
    assert.ok(notes.some((n) => n.startsWith("queue.ports: no port is known: a headless Service")));
  });

  it("puts every object in the namespace given", () => {
    const { manifests } = exportOf(
      [database, app, { name: "seed", job: true }, { name: "w", dependencies: ["seed"] }],
      {},
      {
        ...defaultExportOptions,
        namespace: "staging",
      },
    );
    assert.ok(manifests.length > 8);
    for (const manifest of manifests) assert.equal(manifest.metadata.namespace, "staging", manifest.kind);
    const binding = manifestOf(manifests, "RoleBinding", "shop-boss-wait") as any;
    assert.equal(binding.subjects[0].namespace, "staging");
  });

  it("refuses two services whose names differ only in case, naming file, class and field", async () => {
    await expectUserError(
      () => exportOf([{ name: "Web" }, { name: "web" }]),
      [`${fixtureFile}: Web: name: `, '"web" would name two Services in Kubernetes (also for Web'],
    );
  });

  it("refuses an alias that is another service's name", async () => {
    await expectUserError(
      () => exportOf([{ name: "db" }, { name: "cache", aliases: ["db"] }]),
      [`${fixtureFile}: Cache: aliases[0]: `, '"db" would name two Services in Kubernetes (also for db'],
    );
  });
});
