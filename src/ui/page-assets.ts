import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/**
 * The page's script. The build bundles src/ui/page/ into dist/ui/page.js
 * (scripts/build-ui.mjs); both the bundled CLI (dist/chunks/) and tsc's
 * output (dist/ui/) find it at ../ui/page.js. Run from the sources (tests,
 * tsx) there is no such file, and esbuild bundles the page here, once.
 */
let script: Promise<string> | undefined;

export function pageScript(): Promise<string> {
  script ??= readFile(new URL("../ui/page.js", import.meta.url), "utf8").catch(() => bundleFromSources());
  return script;
}

async function bundleFromSources(): Promise<string> {
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: [fileURLToPath(new URL("./page/main.ts", import.meta.url))],
    ...pageBuildOptions,
    write: false,
  });
  return result.outputFiles[0]?.text ?? "";
}

/** How the page is bundled, here and by the build: one file, for the browsers of the last few years. */
export const pageBuildOptions = {
  bundle: true,
  format: "iife",
  platform: "browser",
  target: "es2022",
  minify: true,
  logLevel: "warning",
} as const;

/** The page's HTML: a shell that loads the script, which keeps the token from the address for its requests. */
export function pageHtml(group: string, token: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>boss ui: ${escapeHtml(group)}</title>
</head>
<body>
<div id="app">loading…</div>
<script src="app.js?token=${encodeURIComponent(token)}"></script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
