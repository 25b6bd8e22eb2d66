// Bundles boss's own modules (not its packages) into the two entry points the
// package runs: dist/cli/bin.js (the `boss` command) and dist/index.js (what
// `import "boss"` gives a services file or a script), written over what tsc
// emitted there, with what both share, and what they import on demand, in
// dist/chunks/. About a hundred small ES modules are a few files: Node
// resolves, reads and links each module it loads, and that was most of every
// command's start-up. One copy of each module for both entries: a services
// file and the CLI that loads it share classes and errors (instanceof holds).
// Chunks sit one folder below dist/, as the files tsc emits do, so the paths
// the code builds from import.meta.url (../../package.json, ../index.js) hold
// in both layouts. tsc still emits the rest: the .d.ts types, boss/core, and
// the module hook registered by URL.
import { build } from "esbuild";
import { rmSync } from "node:fs";

// Chunks are named by content: the last build's would stay beside this one's.
rmSync("dist/chunks", { recursive: true, force: true });

await build({
  entryPoints: { "cli/bin": "src/cli/bin.ts", index: "src/index.ts" },
  outdir: "dist",
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  logLevel: "warning",
}).then((result) => {
  // A warning (an import esbuild cannot follow, say) fails the build: the bundle would differ from the sources.
  if (result.warnings.length > 0) process.exit(1);
});
