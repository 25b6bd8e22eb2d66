// Builds the integration image the way a user would: `boss ccc init` output
// (the template Dockerfile over a locally built Node base), the TypeScript
// adapter compiled with esbuild (the one documented step), the workload and
// config from fixtures/.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { initCccProject } from "../../src/ccc-scaffold/init-ccc-project.js";
import { DOCKERFILE } from "../../src/ccc-scaffold/templates.js";
import { docker, dockerResult, RUN_LABEL, TEST_LABEL } from "./docker-cli.js";
import { makeTempDir } from "../../test/helpers/temp-dir.js";

export const BASE_IMAGE = "boss-node:20";
const CACHE_IMAGE = "boss-ccc-test-base:latest";
const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));

/**
 * Keeps the template's slow steps (apt-get iproute2 tini passwd, useradd) as a
 * labelled image between runs, so the builder's cache serves them to every
 * template build. It is kept like the base images (not labelled boss.test).
 */
async function ensureTemplateCache(): Promise<void> {
  const prefix = DOCKERFILE.slice(0, DOCKERFILE.indexOf("WORKDIR"));
  const recipe = createHash("sha256").update(prefix).update(BASE_IMAGE).digest("hex").slice(0, 16);
  const current = await dockerResult([
    "image",
    "inspect",
    "-f",
    '{{ index .Config.Labels "boss.ccc-test-recipe" }}',
    CACHE_IMAGE,
  ]);
  if (current.code === 0 && current.stdout.trim() === recipe) return;
  const dir = makeTempDir("ccc-cache-").path;
  try {
    writeFileSync(join(dir, "Dockerfile"), `${prefix}LABEL boss.ccc-test-recipe=${recipe}\n`);
    await docker(["build", "-q", "--build-arg", `BASE_IMAGE=${BASE_IMAGE}`, "-t", CACHE_IMAGE, dir], {
      timeoutMs: 600_000,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Lays out the image project in a temp folder; returns its path. */
export async function makeImageProject(): Promise<string> {
  const dir = makeTempDir("ccc-image-").path;
  await initCccProject(dir);
  for (const file of ["workload.mjs", "measure.mjs", "config.yaml"])
    copyFileSync(join(fixtures, file), join(dir, file));
  await build({
    entryPoints: [join(fixtures, "fixture_adapter.ts")],
    outfile: join(dir, "fixture_adapter.cjs"),
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    logLevel: "warning",
  });
  // The user's own addition to the template: a supplementary group for app_user.
  const dockerfile = readFileSync(join(dir, "Dockerfile"), "utf8").replace(
    "WORKDIR /app",
    "RUN groupadd --gid 4242 extra_group && usermod -aG extra_group app_user\nWORKDIR /app",
  );
  writeFileSync(join(dir, "Dockerfile"), dockerfile);
  return dir;
}

export async function buildImage(dir: string, tag: string): Promise<void> {
  await ensureTemplateCache();
  await docker(
    [
      "build",
      "-q",
      "--label",
      TEST_LABEL,
      "--label",
      RUN_LABEL,
      "--build-arg",
      `BASE_IMAGE=${BASE_IMAGE}`,
      "-t",
      tag,
      dir,
    ],
    {
      timeoutMs: 600_000,
    },
  );
}
