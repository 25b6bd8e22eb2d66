// Runs every *.test.ts under the given folder with node:test under tsx.
// Node 20's runner does not find .ts files itself, and a folder with no test
// files must fail rather than pass silently.
import { readdirSync, statSync } from "node:fs";
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
const selected = filter ? files.filter((f) => f.includes(filter)) : files;
const result = spawnSync(process.execPath, ["--import", "tsx", "--test", ...extra, ...selected], { stdio: "inherit" });
process.exit(result.status ?? 1);
