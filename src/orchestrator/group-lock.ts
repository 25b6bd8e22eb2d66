/**
 * One boss at a time per group. Commands that change a group hold an
 * exclusive lock on a small file named after the group and the engine; a
 * second one waits, saying whom it waits for, up to its limit.
 *
 * The lock is the kernel's (open-file-description locks on Linux, flock on
 * macOS, LockFileEx on Windows) through `fs-native-extensions` (Holepunch;
 * prebuilt for every platform inside the npm package, so nothing compiles on
 * install). The kernel drops it the moment its holder dies, so a lock left by
 * a killed boss is taken over at once: no stale-lock heuristics, no pid checks.
 * The file also says who holds it (pid, command), for the waiting message.
 */
import { createHash } from "node:crypto";
import { mkdir, open, readFile, type FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { GroupBusyError, InterruptedError, messageOf } from "../errors.js";
import { loadNativeLocks, type NativeLocks } from "./native-locks.js";

export interface GroupLockRequest {
  group: string;
  /** Where the engine is (one spelling): the same group on another engine is another group. */
  address: string;
  /** What holds it, for others' messages: "start", "stop"… */
  command: string;
  waitSeconds: number;
  signal?: AbortSignal;
  /** Told once when the lock is held by someone else, with who it is. */
  onWait: (holder: string) => void;
  /** Told when no lock can be had on this platform (boss goes on without one). */
  onUnavailable: (why: string) => void;
}

export interface GroupLock {
  release(): Promise<void>;
}

interface Holder {
  pid: number;
  command: string;
  since: string;
}

export const defaultLockWaitSeconds = 300;
const pollMs = 100;
const anotherBoss = "another boss";

/** BOSS_LOCK_WAIT (seconds) when set, else 300. */
export function lockWaitSeconds(fromFlag?: number): number {
  if (fromFlag !== undefined) return fromFlag;
  const fromEnv = Number(process.env.BOSS_LOCK_WAIT);
  return process.env.BOSS_LOCK_WAIT && Number.isFinite(fromEnv) && fromEnv >= 0 ? fromEnv : defaultLockWaitSeconds;
}

export async function lockGroup(request: GroupLockRequest): Promise<GroupLock> {
  const native = nativeLocks(request.onUnavailable);
  if (!native) return { release: () => Promise.resolve() };
  const path = lockPath(request.group, request.address);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const handle = await open(path, "a+", 0o600);
  try {
    await waitForLock(native, handle, path, request);
  } catch (error) {
    await handle.close();
    throw error;
  }
  const holder: Holder = { pid: process.pid, command: request.command, since: new Date().toISOString() };
  await handle.truncate(0);
  await handle.write(JSON.stringify(holder));
  return {
    async release() {
      await handle.truncate(0).catch(() => undefined);
      native.unlock(handle.fd);
      await handle.close();
    },
  };
}

async function waitForLock(native: NativeLocks, handle: FileHandle, path: string, request: GroupLockRequest) {
  if (native.tryLock(handle.fd)) return;
  // The holder writes who it is just after it takes the lock: give it a moment, so the message names it.
  let holder = await describeHolder(path);
  for (let i = 0; holder === anotherBoss && i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    if (native.tryLock(handle.fd)) return;
    holder = await describeHolder(path);
  }
  request.onWait(holder);
  const deadline = Date.now() + request.waitSeconds * 1000;
  for (;;) {
    if (request.signal?.aborted) {
      throw new InterruptedError(`interrupted while waiting for ${holder} on group ${request.group}`);
    }
    if (Date.now() >= deadline) {
      throw new GroupBusyError(
        `group ${request.group} is busy: ${await describeHolder(path)} still holds it; ` +
          `gave up waiting after ${request.waitSeconds} s (--wait SECONDS or BOSS_LOCK_WAIT to wait longer)`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    if (native.tryLock(handle.fd)) return;
  }
}

/** "boss start (pid 4242)", from what the holder wrote; "another boss" while it has not written yet. */
async function describeHolder(path: string): Promise<string> {
  try {
    const holder = JSON.parse(await readFile(path, "utf8")) as Partial<Holder>;
    if (typeof holder.pid === "number" && typeof holder.command === "string") {
      return `boss ${holder.command} (pid ${holder.pid})`;
    }
  } catch {
    // empty or being written
  }
  return anotherBoss;
}

/** One file per group and engine, in BOSS_LOCK_DIR or a per-user folder under the temp dir. */
function lockPath(group: string, address: string): string {
  const dir = process.env.BOSS_LOCK_DIR ?? join(tmpdir(), `boss-locks-${process.getuid?.() ?? "user"}`);
  const key = createHash("sha256").update(`${address}\n${group}`).digest("hex").slice(0, 12);
  return join(dir, `${group.replace(/[^\w.-]/g, "_").slice(0, 64)}-${key}.lock`);
}

let loaded: NativeLocks | null | undefined;

/** The native module, loaded once; without it boss warns and goes on unlocked (the engine state stays single anyway). */
function nativeLocks(onUnavailable: (why: string) => void): NativeLocks | undefined {
  if (loaded === undefined) {
    try {
      loaded = loadNativeLocks();
    } catch (error) {
      loaded = null;
      onUnavailable(`cannot lock the group on this platform (${messageOf(error)}); going on without the lock`);
    }
  }
  return loaded ?? undefined;
}
