/**
 * The tsconfig.json `boss init` writes beside a services file, so an editor (and `tsc`) resolve
 * `import "boss"` to the types of the boss that wrote it, with no node_modules in the folder and no `npm link`.
 * `paths` points at the entry point without its extension (see BossLocation), so the editor reads its types
 * and tsx, which reads the same tsconfig when boss loads the file, the very module boss runs it with.
 */
import type { BossLocation } from "./boss-location.js";

/** The first line of a tsconfig.json boss wrote: one with it is boss's to rewrite. */
export const editorConfigMarker = "// Written by `boss init`";

export function editorConfig(boss: BossLocation): string {
  const options: Record<string, unknown> = {
    target: "ES2022",
    // "preserve" checks imports as written and resolves like a bundler: a file here needs no package.json.
    module: "preserve",
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: boss.nodeTypes ? ["node"] : [],
    ...(boss.nodeTypes ? { typeRoots: [boss.nodeTypes] } : {}),
    paths: { boss: [boss.index], "boss/core": [boss.core] },
  };
  const body = JSON.stringify({ compilerOptions: options, include: ["*.ts"] }, null, 2);
  return [
    `${editorConfigMarker}: lets an editor find the types of \`import "boss"\` in the boss at`,
    `// ${boss.root}, without node_modules here. After boss moved (a reinstall, another Node),`,
    "// run `boss init --editor` again to rewrite this file.",
    body,
    "",
  ].join("\n");
}
