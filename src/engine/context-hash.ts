/**
 * A content hash of a build context: what `boss start` compares with the
 * image's `boss.build-context-hash` label to rebuild an image whose sources
 * changed. It covers exactly the files a build sends (build-context-files.ts: the
 * .dockerignore'd ones are out), their contents and permission bits, the
 * Dockerfile's name and the build args — never timestamps, so a `touch` or a
 * fresh checkout does not rebuild.
 *
 * Reading every file on every start would cost a real app's start its speed,
 * so file hashes are cached by their stat data (size, mtime, ctime, inode, all
 * in nanoseconds). A write changes the ctime even when a tool puts the mtime
 * back, so an edit is never mistaken for the cached content. As git does for
 * its index, a file changed in the last two seconds is not cached: a second
 * edit within one timestamp tick of a coarse file system would look the same.
 */
import { createHash } from "node:crypto";
import { lstat, mkdir, readFile, readlink, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { buildContextFiles } from "./build-context-files.js";
import { stableJson } from "./labels.js";

export interface BuildContext {
  context: string;
  dockerfile: string;
  args: Record<string, string>;
  /** Part of the hash only when set, so the images built before it existed keep theirs. */
  target?: string;
}

/** Per file (relative path): its stat signature when hashed, and the hash of its content. */
type HashCache = Record<string, { stat: string; hash: string }>;

const racyWindowNs = 2_000_000_000n;

/** The context's hash (hex); `cacheFile` keeps file hashes between calls (a missing or broken one is rebuilt). */
export async function hashBuildContext(build: BuildContext, cacheFile: string): Promise<string> {
  const cache = await readCache(cacheFile);
  const files = (await buildContextFiles(build.context, build.dockerfile)).sort();
  const next: HashCache = {};
  let changed = false;
  const now = BigInt(Date.now()) * 1_000_000n;
  const entries = await Promise.all(
    files.map(async (path) => {
      const full = join(build.context, path);
      const stat = await lstat(full, { bigint: true });
      const signature = [stat.size, stat.mtimeNs, stat.ctimeNs, stat.ino, stat.mode].join(":");
      const cached = cache[path];
      let hash = cached?.stat === signature ? cached.hash : undefined;
      if (!hash) {
        changed = true;
        hash = await hashFile(full, stat.isSymbolicLink());
      }
      if (now - stat.mtimeNs > racyWindowNs && now - stat.ctimeNs > racyWindowNs)
        next[path] = { stat: signature, hash };
      else changed = true;
      // The permission bits are sent in the tar (an executable bit matters to RUN ./script.sh); the file type too.
      return [path, Number(stat.mode & 0o170777n).toString(8), hash];
    }),
  );
  if (changed || Object.keys(cache).length !== Object.keys(next).length) await writeCache(cacheFile, next);
  return createHash("sha256")
    .update(
      stableJson({
        dockerfile: build.dockerfile,
        args: build.args,
        ...(build.target ? { target: build.target } : {}),
        files: entries,
      }),
    )
    .digest("hex");
}

async function hashFile(path: string, symlink: boolean): Promise<string> {
  const content = symlink ? Buffer.from(await readlink(path)) : await readFile(path);
  return createHash("sha256").update(content).digest("hex");
}

async function readCache(file: string): Promise<HashCache> {
  try {
    const parsed = JSON.parse(await readFile(file, "utf8")) as unknown;
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as HashCache) : {};
  } catch {
    return {};
  }
}

/** Best effort, written whole (temp file + rename): a cache that cannot be written only costs time. */
async function writeCache(file: string, cache: HashCache): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(cache));
    await rename(temp, file);
  } catch {
    // read-only home, full disk: the next start hashes again
  }
}
