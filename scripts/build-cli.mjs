// Bundles boss into the two entry points the package runs: dist/cli/bin.js
// (the `boss` command) and dist/index.js (what `import "boss"` gives a
// services file or a script), written over what tsc emitted there, with what
// both share, and what they import on demand, in dist/chunks/. Node resolves,
// reads and links every module it loads one by one, and boss's hundred
// modules and its packages' were most of every command's start-up; a few
// files are not. One copy of each module serves both entries: a services
// file and the CLI that loads it share classes and errors (instanceof holds).
//
// Chunks sit one folder below dist/, as the files tsc emits do, so the paths
// the code builds from import.meta.url (../../package.json, ../index.js) hold
// in both layouts. tsc still emits the rest: the .d.ts types, boss/core, and
// the module hook registered by URL.
import { build } from "esbuild";
import { rmSync, writeFileSync } from "node:fs";

/**
 * Packages left in node_modules: dockerode (engine/dockerode.ts defers parts
 * of it as it loads), tsx and esbuild (binaries and worker threads of their
 * own, loaded only for a services file), a native addon, and what only builds use.
 */
const external = ["dockerode", "tsx", "tsx/*", "esbuild", "fs-native-extensions", "tar-fs", "@balena/dockerignore"];

// Chunks are named by content: the last build's would stay beside this one's.
rmSync("dist/chunks", { recursive: true, force: true });

const result = await build({
  entryPoints: { "cli/bin": "src/cli/bin.ts", index: "src/index.ts" },
  outdir: "dist",
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external,
  // CommonJS packages in an ES module bundle still require() Node's own modules.
  banner: {
    js: 'import { createRequire as bossRequire } from "node:module"; const require = bossRequire(import.meta.url);',
  },
  logLevel: "warning",
});
// A warning (an import esbuild cannot follow, say) fails the build: the bundle would differ from the sources.
if (result.warnings.length > 0) process.exit(1);

// `boss --help` prints this text rendered once here (src/cli/prerendered-help.ts says why), by the
// same buildCli the command line runs, from tsc's unbundled output of it.
const { buildCli } = await import("../dist/cli/cli.js");
const commands = await (await import("../dist/cli/command-table.js")).allCommands();
writeFileSync(
  "dist/cli/help.json",
  JSON.stringify({ plain: buildCli(commands, false).usage(), coloured: buildCli(commands, true).usage() }),
);
