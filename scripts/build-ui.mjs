// Bundles the page of `boss ui` (src/ui/page/, Preact + htm) into one script,
// dist/ui/page.js, that the ui server sends as /app.js: no CDN, no network,
// nothing loaded at run time but this file. src/ui/page-assets.ts bundles it
// with the same options (keep them alike) when run from the sources.
import { build } from "esbuild";

const result = await build({
  entryPoints: ["src/ui/page/main.ts"],
  outfile: "dist/ui/page.js",
  bundle: true,
  format: "iife",
  platform: "browser",
  target: "es2022",
  minify: true,
  logLevel: "warning",
});
if (result.warnings.length > 0) process.exit(1);
