/**
 * A private copy of the README demo for one test file: examples/readme-demo
 * and sample-apps/todo laid out as in the repository under a temp folder (so
 * a test may edit the app), in a folder named like a unique group, with free
 * host ports and its own todo image tag.
 */
import { execFile } from "node:child_process";
import { cp, mkdir, symlink, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { containersOf, docker, repoRoot, uniqueGroup } from "./harness.js";
import { makeTempDir } from "../test/helpers/temp-dir.js";

/** The local images the demo runs on here (scripts/build-base-images.sh); Docker Hub's where a registry answers. */
export const postgresImage = process.env.BOSS_TEST_POSTGRES_IMAGE ?? "boss-postgres:15";
export const nodeImage = process.env.BOSS_TEST_NODE_IMAGE ?? "boss-node:20";

export interface DemoCopy {
  /** The temp folder holding examples/, sample-apps/ and a node_modules link. */
  root: string;
  /** The folder of the copied services file; its name is the group's. */
  dir: string;
  group: string;
  /** The environment the services file reads its images and ports from. */
  env: Record<string, string>;
  todoPort: number;
  todoImage: string;
}

/** Resolves to a reason to skip when the demo's base images are missing; throws instead under CI=true. */
export async function demoImagesMissing(): Promise<string | undefined> {
  for (const image of [postgresImage, nodeImage]) {
    try {
      await docker.getImage(image).inspect();
    } catch {
      const reason = `no ${image} image: run scripts/build-base-images.sh`;
      if (process.env.CI === "true") throw new Error(reason);
      return reason;
    }
  }
  return undefined;
}

export async function copyReadmeDemo(prefix: string): Promise<DemoCopy> {
  const root = makeTempDir("boss-it-demo-").path;
  const group = uniqueGroup(prefix);
  const dir = join(root, "examples", group);
  await mkdir(dir, { recursive: true });
  await cp(join(repoRoot, "examples", "readme-demo", "boss.ts"), join(dir, "boss.ts"));
  await cp(join(repoRoot, "sample-apps", "todo"), join(root, "sample-apps", "todo"), {
    recursive: true,
    filter: (source) => !source.includes("node_modules"),
  });
  // The services file imports pg (from the repo's packages) and is an ES module, as in the repo.
  await symlink(join(repoRoot, "node_modules"), join(root, "node_modules"), "dir");
  await writeFile(join(root, "package.json"), '{ "type": "module" }\n');
  const [dbPort, todoPort] = [await freePort(), await freePort()];
  const todoImage = `boss-it-todo:${group}`;
  const env = {
    POSTGRES_IMAGE: postgresImage,
    NODE_IMAGE: nodeImage,
    TODO_IMAGE: todoImage,
    DB_PORT: String(dbPort),
    TODO_PORT: String(todoPort),
  };
  return { root, dir, group, env, todoPort, todoImage };
}

/** Runs `sql` with psql inside the group's database container; returns psql's unaligned, tuples-only output. */
export async function psql(group: string, sql: string): Promise<string> {
  const [db] = await containersOf(group, "appdb");
  if (!db) throw new Error(`${group} has no appdb container`);
  const { stdout } = await promisify(execFile)("docker", [
    "exec",
    db.Id,
    "psql",
    "-U",
    "dbuser",
    "-d",
    "appdb",
    "-tAc",
    sql,
  ]);
  return stdout.trim();
}

/** Removes the images boss built for the copy (labelled with its group), also those a reload left untagged. */
export async function removeTodoImages(copy: DemoCopy): Promise<void> {
  const images = await docker.listImages({ filters: { label: [`boss.group=${copy.group}`] } });
  for (const image of images) {
    await docker
      .getImage(image.Id)
      .remove({ force: true })
      .catch(() => {});
  }
}

/** JSON from the todo app, failing on a status other than `status`. */
export async function todoApi<T>(copy: DemoCopy, path: string, init: RequestInit = {}, status = 200): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${copy.todoPort}${path}`, {
    ...init,
    headers: { "content-type": "application/json" },
    signal: AbortSignal.timeout(5000),
  });
  const text = await response.text();
  if (response.status !== status) throw new Error(`${init.method ?? "GET"} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** The todo app's page. */
export async function todoPage(copy: DemoCopy): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${copy.todoPort}/`, { signal: AbortSignal.timeout(5000) });
  return response.text();
}

/** A TCP port nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export interface Todo {
  id: number;
  title: string;
  done: boolean;
  createdAt: string;
}
