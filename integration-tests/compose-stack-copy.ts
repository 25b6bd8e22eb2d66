/**
 * A sample stack of examples/compose copied into a temp folder named as a unique group (the group is the compose
 * file's folder), with the app it builds beside it, converted by the real `boss init --from-compose`, and
 * helpers to talk to its services and see its containers.
 */
import assert from "node:assert/strict";
import { cp } from "node:fs/promises";
import { request } from "node:http";
import { join } from "node:path";
import { makeTempDir } from "../test/helpers/temp-dir.js";
import { containersOf, docker, removeGroup, repoRoot, runBoss, uniqueGroup, type BossRun } from "./harness.js";
import { freePort, nodeImage, postgresImage } from "./readme-demo-copy.js";

export interface StackCopy {
  root: string;
  /** The stack's folder: its compose file, and the boss.ts converted from it. */
  dir: string;
  group: string;
  /** The variables the compose file reads: images and host ports. */
  env: Record<string, string>;
  ports: Record<string, number>;
  boss(args: string[], timeoutMs?: number): Promise<BossRun>;
  remove(): Promise<void>;
}

/** Copies `stack` and converts it; `portVariables` are the compose file's host-port variables, given free ports. */
export async function copyStack(stack: string, portVariables: string[]): Promise<StackCopy> {
  const root = makeTempDir("boss-it-stack-").path;
  const group = uniqueGroup(stack);
  const dir = join(root, group);
  await cp(join(repoRoot, "examples", "compose", stack), dir, { recursive: true });
  await cp(join(repoRoot, "examples", "compose", "app"), join(root, "app"), {
    recursive: true,
    filter: (source) => !source.includes("node_modules"),
  });
  const ports: Record<string, number> = {};
  for (const name of portVariables) ports[name] = await freePort();
  const appImage = `boss-it-compose-app:${group}`;
  const env = {
    POSTGRES_IMAGE: postgresImage,
    NODE_IMAGE: nodeImage,
    APP_IMAGE: appImage,
    ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
  };
  const boss = (args: string[], timeoutMs = 280_000) => runBoss(dir, args, { env, timeoutMs });
  const remove = async () => {
    await runBoss(dir, ["stop", "--remove", "--volumes"], { env, timeoutMs: 120_000 }).catch(() => undefined);
    await removeGroup(group, root);
    await docker
      .getImage(appImage)
      .remove({ force: true })
      .catch(() => undefined);
  };
  return { root, dir, group, env, ports, boss, remove };
}

/** A request to a published port, with a timeout (a fetch to a port not yet listening can hang on Node 20). */
export function call(
  port: number,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, timeout: 5000 }, (response) => {
      let text = "";
      response.on("data", (chunk: Buffer) => (text += chunk.toString()));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, json: text ? (JSON.parse(text) as unknown) : null }),
      );
    });
    req.on("timeout", () => req.destroy(new Error(`${method} ${path} on ${port}: no answer in 5 s`)));
    req.on("error", reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** JSON from a service, failing on a status other than `status`. */
export async function api(port: number, method: string, path: string, body?: unknown, status = 200): Promise<unknown> {
  const answer = await call(port, method, path, body);
  assert.equal(answer.status, status, `${method} ${path}: ${JSON.stringify(answer.json)}`);
  return answer.json;
}

/** Polls `check` until it passes (a worker counts asynchronously). */
export async function eventually(check: () => Promise<void>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > end) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** Each service's container: its id, state and when it last started, asked of the engine. */
export async function containerStates(
  group: string,
): Promise<Record<string, { id: string; state: string; startedAt: string }>> {
  const states: Record<string, { id: string; state: string; startedAt: string }> = {};
  for (const info of await containersOf(group)) {
    const service = info.Labels["boss.service"] ?? "?";
    const inspected = await docker.getContainer(info.Id).inspect();
    states[service] = { id: info.Id, state: inspected.State.Status, startedAt: inspected.State.StartedAt };
  }
  return states;
}
