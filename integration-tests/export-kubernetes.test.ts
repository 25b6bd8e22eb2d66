import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { manifestOf, validManifests } from "../test/helpers/kubernetes-schema.js";
import {
  containersOf,
  engineUnavailable,
  makeProject,
  removeGroup,
  runBoss,
  servicesFilePreamble,
  uniqueGroup,
} from "./harness.js";

/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-explicit-any --
   the assertions walk YAML parsed back as kubectl reads it, checked by the schema first */

const skip = await engineUnavailable();

/**
 * The real `boss` binary: a group started for real leaves in .boss-context the values its postStart set; the
 * export then carries them into the ConfigMap (no placeholders), asks nothing of the engine that changes it,
 * and writes the same objects to stdout and to a folder.
 */
describe("boss export kubernetes (the built binary)", { skip, timeout: 120_000 }, () => {
  const group = uniqueGroup("k8s");
  let dir = "";
  before(async () => {
    dir = await makeProject({
      "boss.ts":
        servicesFilePreamble(group) +
        `export class Db extends Service {
  name = "db";
  image = busybox;
  cmd = httpd("db");
  ports = { 80: 0 };
  async postStart() { Context.set("db_token", "s3cr3t"); Context.set("db_name", "shop"); }
}
export class Web extends Service {
  name = "web";
  image = busybox;
  cmd = httpd("web");
  dependencies = [Db];
  replicas = 2;
  env = { DB_NAME: "{db_name}", DB_TOKEN: "{db_token}" };
}
`,
    });
    const start = await runBoss(dir, ["start"]);
    assert.equal(start.code, 0, start.output);
  });
  after(() => removeGroup(group, dir));

  it("writes to stdout: valid manifests with the Context boss start saved", async () => {
    const before = (await containersOf(group)).map((c) => `${c.Id} ${c.State}`).sort();
    const run = await runBoss(dir, ["export", "kubernetes"]);
    assert.equal(run.code, 0, run.output);
    const manifests = validManifests(run.stdout);
    assert.deepEqual((manifestOf(manifests, "ConfigMap", `${group}-context`) as any).data, { db_name: "shop" });
    // db_token's name says token: the Secret holds it.
    assert.deepEqual((manifestOf(manifests, "Secret", `${group}-secrets`) as any).stringData, { db_token: "s3cr3t" });
    assert.equal((manifestOf(manifests, "Deployment", "web").spec as any).replicas, 2);
    const waits = (manifestOf(manifests, "Deployment", "web").spec as any).template.spec.initContainers;
    assert.match(waits[0].command[2], /nc -z -w 2 db 80/);
    assert.doesNotMatch(run.stdout, /<unset:/);
    assert.match(run.stderr, /boss: not carried over: db\.postStart: /);
    assert.deepEqual(
      (await containersOf(group)).map((c) => `${c.Id} ${c.State}`).sort(),
      before,
      "the group is left alone",
    );
  });

  it("writes to a folder: the same objects, one file per service", async () => {
    const stdout = validManifests((await runBoss(dir, ["export", "kubernetes", "-o", "-"])).stdout);
    const run = await runBoss(dir, ["export", "kubernetes", "-o", "k8s", "--namespace", "staging"]);
    assert.equal(run.code, 0, run.output);
    assert.equal(run.stdout, "");
    const files = readdirSync(join(dir, "k8s"));
    assert.deepEqual(files, [`00-${group}.yaml`, "01-db.yaml", "02-web.yaml"]);
    const written = files.flatMap((f) => validManifests(readFileSync(join(dir, "k8s", f), "utf8")));
    assert.deepEqual(
      written.map((m) => `${m.kind}/${m.metadata.name}`),
      stdout.map((m) => `${m.kind}/${m.metadata.name}`),
    );
    assert.ok(written.every((m) => m.metadata.namespace === "staging"));
  });

  it("a bad flag value is a user error (exit 2)", async () => {
    const run = await runBoss(dir, ["export", "kubernetes", "--profile", "no good"]);
    assert.equal(run.code, 2, run.output);
    assert.match(run.stderr, /"no good" is not a profile name/);
  });
});
