import assert from "node:assert/strict";
import { chmodSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { readDockerConfig } from "../../src/engine/docker-config.js";
import { baseImagesOf } from "../../src/engine/dockerfile-base-images.js";
import { authForImage, authsForBuild, dockerHub, registryOf } from "../../src/engine/registry-auth.js";
import { UserError } from "../../src/errors.js";
import { makeTempDir, type TempDir } from "../helpers/temp-dir.js";

let home: TempDir;
const saved = { DOCKER_CONFIG: process.env.DOCKER_CONFIG, PATH: process.env.PATH };

/**
 * A fake docker-credential-<name> on PATH: it records the registry it was asked for and answers from a
 * table (registry → JSON answer); "fail" exits 1 with a message, an unknown registry says "not found".
 */
function fakeHelper(name: string, answers: Record<string, string>): string {
  const log = join(home.path, `${name}.log`);
  const script = home.write(
    `bin/docker-credential-${name}`,
    `#!/bin/sh
[ "$1" = get ] || { echo "unexpected action $1" >&2; exit 3; }
server=$(cat)
echo "$server" >> ${log}
case "$server" in
${Object.entries(answers)
  .map(([server, answer]) =>
    answer === "fail"
      ? `  "${server}") echo "keychain locked" >&2; exit 1 ;;`
      : `  "${server}") printf '%s' '${answer}' ;;`,
  )
  .join("\n")}
  *) echo "credentials not found in native keychain"; exit 1 ;;
esac
`,
  );
  chmodSync(script, 0o755);
  return log;
}

function writeConfig(config: object): void {
  home.write("docker/config.json", JSON.stringify(config));
}

const basic = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString("base64");

before(() => {
  home = makeTempDir("boss-registry-auth-");
  process.env.DOCKER_CONFIG = join(home.path, "docker");
  process.env.PATH = `${join(home.path, "bin")}${delimiter}${saved.PATH ?? ""}`;
});
after(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  home.remove();
});
beforeEach(() => writeConfig({}));

describe("registryOf", () => {
  it("reads the registry from the reference as docker does", () => {
    assert.equal(registryOf("postgres:16"), dockerHub);
    assert.equal(registryOf("library/postgres"), dockerHub);
    assert.equal(registryOf("bitnami/redis:7"), dockerHub);
    assert.equal(registryOf("docker.io/library/redis"), dockerHub);
    assert.equal(registryOf("ghcr.io/acme/api:1"), "ghcr.io");
    assert.equal(registryOf("127.0.0.1:5000/app"), "127.0.0.1:5000");
    assert.equal(registryOf("localhost/app"), "localhost");
  });
});

describe("readDockerConfig", () => {
  it("is empty without a file, and a UserError naming the file when it is not JSON", async () => {
    assert.deepEqual(await readDockerConfig(join(home.path, "none.json")), {
      file: join(home.path, "none.json"),
      auths: {},
      credHelpers: {},
    });
    const broken = home.write("broken.json", "{");
    await assert.rejects(readDockerConfig(broken), (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.match(error.message, /broken\.json: not valid JSON/);
      return true;
    });
  });
});

describe("authForImage", () => {
  it("decodes auths' user:password, matching keys written as URLs, Docker Hub's included", async () => {
    writeConfig({
      auths: {
        [dockerHub]: { auth: basic("hubuser", "hub:pass") },
        "https://registry.example.com/v2/": { auth: basic("alice", "s3cret") },
        "tokens.example.com": { identitytoken: "refresh-token" },
      },
    });
    assert.deepEqual(await authForImage("postgres:16"), {
      serveraddress: dockerHub,
      username: "hubuser",
      password: "hub:pass",
    });
    assert.deepEqual(await authForImage("registry.example.com/team/app:1"), {
      serveraddress: "registry.example.com",
      username: "alice",
      password: "s3cret",
    });
    assert.deepEqual(await authForImage("tokens.example.com/app"), {
      serveraddress: "tokens.example.com",
      identitytoken: "refresh-token",
    });
    assert.equal(await authForImage("ghcr.io/acme/api"), undefined);
  });

  it("asks credHelpers first, then credsStore, with the registry on stdin, and reads identity tokens", async () => {
    const perHost = fakeHelper("perhost", { "ghcr.io": '{"ServerURL":"ghcr.io","Username":"bob","Secret":"pat"}' });
    const store = fakeHelper("store", { [dockerHub]: '{"ServerURL":"x","Username":"<token>","Secret":"idtoken"}' });
    writeConfig({ credsStore: "store", credHelpers: { "ghcr.io": "perhost" } });
    assert.deepEqual(await authForImage("ghcr.io/acme/api"), {
      serveraddress: "ghcr.io",
      username: "bob",
      password: "pat",
    });
    assert.deepEqual(await authForImage("node:20"), { serveraddress: dockerHub, identitytoken: "idtoken" });
    assert.equal(readFileSync(perHost, "utf8"), "ghcr.io\n");
    assert.equal(readFileSync(store, "utf8"), `${dockerHub}\n`);
  });

  it("falls back to auths when the helper holds nothing for the registry", async () => {
    fakeHelper("empty", {});
    writeConfig({ credsStore: "empty", auths: { "quay.io": { auth: basic("carol", "pw") } } });
    assert.deepEqual(await authForImage("quay.io/x/y"), {
      serveraddress: "quay.io",
      username: "carol",
      password: "pw",
    });
    assert.equal(await authForImage("ghcr.io/x/y"), undefined);
  });

  it("fails clearly, naming the helper and the registry, when the helper fails or is missing", async () => {
    fakeHelper("locked", { "ghcr.io": "fail" });
    writeConfig({ credHelpers: { "ghcr.io": "locked", "quay.io": "absent" } });
    await assert.rejects(authForImage("ghcr.io/acme/api"), {
      message:
        "the credential helper docker-credential-locked failed for the registry ghcr.io: exit code 1: keychain locked",
    });
    await assert.rejects(authForImage("quay.io/acme/api"), {
      message:
        "the credential helper docker-credential-absent failed for the registry quay.io: docker-credential-absent is not on the PATH (it is named in Docker's config.json)",
    });
  });
});

describe("authsForBuild", () => {
  it("gives every auths entry and the helpers' credentials for the base images' registries", async () => {
    const log = fakeHelper("perhost2", { "ghcr.io": '{"Username":"bob","Secret":"pat"}' });
    writeConfig({
      auths: { [dockerHub]: { auth: basic("hubuser", "pw") } },
      credHelpers: { "ghcr.io": "perhost2", "quay.io": "perhost2" },
    });
    assert.deepEqual(await authsForBuild(["ghcr.io/acme/base:1", "node:20"]), {
      [dockerHub]: { serveraddress: dockerHub, username: "hubuser", password: "pw" },
      "ghcr.io": { serveraddress: "ghcr.io", username: "bob", password: "pat" },
    });
    assert.equal(readFileSync(log, "utf8"), "ghcr.io\n", "quay.io's helper is not asked: no base image is there");
  });
});

describe("baseImagesOf", () => {
  it("fills ARGs from build args and defaults, and leaves out stages and scratch", () => {
    const dockerfile = [
      "ARG BASE_IMAGE=node:20-bookworm-slim",
      'ARG TOOLS="ghcr.io/acme/tools:1"',
      "FROM --platform=linux/amd64 ${BASE_IMAGE} AS build",
      "RUN npm ci",
      "FROM $TOOLS as tools",
      "FROM build",
      "FROM scratch",
      "FROM ${UNKNOWN}",
      "FROM ${MISSING:-quay.io/x/y} \\",
      "  AS last",
    ].join("\n");
    assert.deepEqual(baseImagesOf(dockerfile, { BASE_IMAGE: "boss-node:20" }), [
      "boss-node:20",
      "ghcr.io/acme/tools:1",
      "quay.io/x/y",
    ]);
  });
});
