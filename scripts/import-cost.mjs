// What `import "boss"` costs a services file: the CommonJS modules it loads and
// the time it takes, median of fresh processes. Usage: node scripts/import-cost.mjs [runs=7]
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const entry = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const probe = `
const { performance } = await import("node:perf_hooks");
const Module = (await import("node:module")).default;
const began = performance.now();
await import(${JSON.stringify(entry)});
const ms = performance.now() - began;
console.log(JSON.stringify({ ms, commonjs: Object.keys(Module._cache).length }));
`;
const runs = Number(process.argv[2] ?? 7);
const results = [];
for (let i = 0; i < runs; i++) {
  const out = spawnSync(process.execPath, ["--input-type=module", "-e", probe], { encoding: "utf8" });
  if (out.status !== 0) throw new Error(out.stderr);
  results.push(JSON.parse(out.stdout));
}
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(
  `import "boss": ${median(results.map((r) => r.ms)).toFixed(0)} ms (median of ${runs}), ` +
    `${median(results.map((r) => r.commonjs))} CommonJS modules`,
);
