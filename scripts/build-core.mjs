// Bundles the Container Control Core into ONE CommonJS file with no runtime
// dependencies (dist/ccc-core.cjs), copied unchanged into every CCC image, and
// the adapter base class alone (dist/ccc-adapter.cjs) for `boss ccc init`.
// CommonJS, not ESM: an ESM bundle that includes `yaml` fails at run time with
// "Dynamic require". The size budget keeps the one file small enough to copy
// into every image without thought; raise it deliberately, not by accident.
import { build } from "esbuild";
import { readFileSync, statSync } from "node:fs";

const SIZE_BUDGET_BYTES = 400 * 1024;
const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

const common = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  legalComments: "inline",
  logLevel: "warning",
};

await build({
  ...common,
  entryPoints: ["src/core/main.ts"],
  outfile: "dist/ccc-core.cjs",
  // Fully minified: the source text stays in memory while the core runs
  // (0.35 MB less idle RSS than with the names kept). The core's error
  // classes set their names explicitly, so messages do not change; stack
  // traces name minified functions (they were already one long line).
  minifySyntax: true,
  minifyWhitespace: true,
  minifyIdentifiers: true,
  define: { CCC_VERSION: JSON.stringify(version) },
  banner: {
    js: `// Container Control Core ${version} (boss): one immutable file; do not edit, re-run \`boss ccc init\` to update.`,
  },
});

await build({ ...common, entryPoints: ["src/core/adapter.ts"], outfile: "dist/ccc-adapter.cjs" });

// Node keeps the core's source text in memory for as long as it runs (V8
// compiles functions lazily, from the source). One character beyond Latin-1
// (an em dash in a comment) makes the whole text two bytes per character.
const core = readFileSync("dist/ccc-core.cjs");
const wide = core.findIndex((byte) => byte > 0x7f);
if (wide !== -1) {
  const around = core.subarray(Math.max(0, wide - 20), wide + 20).toString("utf8");
  console.error(
    `dist/ccc-core.cjs must be ASCII (its source is kept in memory as text); found ${JSON.stringify(around)}`,
  );
  process.exit(1);
}

const size = statSync("dist/ccc-core.cjs").size;
if (size > SIZE_BUDGET_BYTES) {
  console.error(`dist/ccc-core.cjs is ${size} bytes, over its budget of ${SIZE_BUDGET_BYTES} bytes`);
  process.exit(1);
}
console.log(`dist/ccc-core.cjs: ${(size / 1024).toFixed(1)} KiB (budget ${SIZE_BUDGET_BYTES / 1024} KiB)`);
