// Runs every *.test.ts under the given folder with node:test under tsx.
// Node 20's runner does not find .ts files itself, and a folder with no test
// files must fail rather than pass silently.
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

const [root, ...extra] = process.argv.slice(2);
if (!root) {
  console.error("usage: node scripts/run-tests.mjs <folder> [node --test options]");
  process.exit(2);
}

function findTests(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (entry === "node_modules" || entry === "fixtures") return [];
    if (statSync(path).isDirectory()) return findTests(path);
    return entry.endsWith(".test.ts") ? [path] : [];
  });
}

const files = findTests(root).sort();
if (files.length === 0) {
  console.error(`no test files (*.test.ts) found under ${root}`);
  process.exit(1);
}
const filter = process.env.TEST_FILTER;
const selected = order(filter ? files.filter((f) => f.includes(filter)) : files, process.env.TEST_ORDER);

/**
 * TEST_ORDER=reverse or TEST_ORDER=shuffle:SEED runs the files in another order:
 * the suite must pass in any (each file removes only what it made).
 */
function order(list, how = "") {
  if (how === "reverse") return [...list].reverse();
  const seed = /^shuffle:(\d+)$/.exec(how)?.[1];
  if (seed === undefined) return list;
  let state = Number(seed) || 1;
  const random = () => (state = (state * 48271) % 2147483647) / 2147483647;
  const shuffled = [...list];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  console.error(`test files in order ${how}: ${shuffled.join(" ")}`);
  return shuffled;
}
// Services files the tests load are compiled into the user's cache folder when no
// node_modules is near them: a cache of the run's own, removed after it.
const cache = mkdtempSync(join(tmpdir(), "boss-test-cache-"));
const result = spawnSync(process.execPath, ["--import", "tsx", "--test", ...extra, ...selected], {
  stdio: "inherit",
  env: { ...process.env, XDG_CACHE_HOME: cache },
});
rmSync(cache, { recursive: true, force: true });
process.exit(result.status ?? 1);
