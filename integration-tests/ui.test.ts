// `boss ui` in a real browser against a real group: the built boss serves the
// page, Debian's chromium (playwright-core) opens it. The page must show the
// services, see a `boss stop` made from the CLI, replace a container with its
// reload button (asked of the engine), show a service's log lines, and refuse
// a wrong token. With BOSS_UI_SCREENSHOTS=folder it also writes the pictures
// of docs/ (npm run screenshots).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { browserUnavailable, launchBrowser } from "./browser.js";
import {
  busybox,
  containersOf,
  engineUnavailable,
  makeProject,
  removeGroup,
  repoRoot,
  runBoss,
  startBoss,
  uniqueGroup,
} from "./harness.js";
import type { RunningProcess } from "../test/helpers/run-process.js";

const skip = (await engineUnavailable()) ?? browserUnavailable();
const nodeImage = process.env.BOSS_TEST_NODE_IMAGE ?? "boss-node:20";
// Cheap when the image exists (its recipe label is checked); builds it on a fresh machine.
if (!skip) execFileSync("bash", [join(repoRoot, "scripts", "build-base-images.sh"), "node"], { stdio: "inherit" });
const screenshots = process.env.BOSS_UI_SCREENSHOTS ? resolve(process.env.BOSS_UI_SCREENSHOTS) : undefined;

/** A loop that writes a numbered line a second and ends at once on SIGTERM. */
function talking(word: string): string {
  return JSON.stringify([
    "sh",
    "-c",
    `trap "exit 0" TERM INT; i=0; while true; do i=$((i+1)); echo ${word} line $i; sleep 1; done`,
  ]);
}

function servicesFile(group: string): string {
  return `import { Service, group } from "boss";
group(${JSON.stringify(group)});
export class Database extends Service { name = "appdb"; image = ${JSON.stringify(busybox)}; cmd = ${talking("appdb")}; }
export class Web extends Service {
  name = "web";
  image = "${group}-web:dev";
  buildFrom = "web";
  dependencies = ["appdb"];
  ports = { 80: 0 };
}
export class Worker extends Service {
  name = "worker"; image = ${JSON.stringify(busybox)}; cmd = ${talking("worker")}; dependencies = ["appdb", "web"];
}
export class Meter extends Service {
  name = "meter";
  image = "${group}-meter:dev";
  buildFrom = "meter";
  control = { port: 8080, payload: { target_url: "http://web/" } };
}
`;
}

/**
 * A controlled service, for the charts: what \`boss ccc init meter\` writes, on the local Node image with no
 * package installs (its workload runs as root: no user to create).
 */
async function addMeter(dir: string): Promise<void> {
  const init = await runBoss(dir, ["ccc", "init", "meter"]);
  assert.equal(init.code, 0, init.output);
  writeFileSync(
    join(dir, "meter", "Dockerfile"),
    `FROM ${nodeImage}\nWORKDIR /app\nCOPY . /app/\nCMD ["node", "ccc-core.cjs"]\n`,
  );
  const config = join(dir, "meter", "config.yaml");
  writeFileSync(config, readFileSync(config, "utf8").replace(/^\s*run_as_user:.*$/m, ""));
}

const webDockerfile = `FROM ${busybox}
CMD ["sh", "-c", "mkdir -p /www && echo hello > /www/index.html && httpd -p 80 -h /www && trap 'exit 0' TERM INT && while true; do sleep 0.2; done"]
`;

/** The service's row once `check` holds for it (the page updates it from the server's events). */
async function rowWhen(page: Page, service: string, check: string, timeout = 20_000): Promise<void> {
  await page.waitForSelector(`tr[data-service="${service}"]${check}`, { timeout });
}

describe("boss ui", { skip, timeout: 240_000 }, () => {
  const group = uniqueGroup("ui");
  let dir: string;
  let ui: RunningProcess | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let url: string;
  let page: Page;

  before(async () => {
    dir = await makeProject({ "boss.ts": servicesFile(group), "web/Dockerfile": webDockerfile });
    await addMeter(dir);
    const start = await runBoss(dir, ["start"]);
    assert.equal(start.code, 0, start.output);
    ui = startBoss(dir, ["ui", "--no-open"], { timeoutMs: 230_000 });
    await ui.printed("boss ui: http://127.0.0.1:", 30_000);
    await ui.printed("\n");
    url = /boss ui: (\S+)/.exec(ui.stdout())?.[1] ?? "";
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });

  after(async () => {
    await browser?.close();
    if (ui && ui.child.exitCode === null) ui.child.kill("SIGKILL");
    await removeGroup(group, dir);
  });

  it("prints its address on 127.0.0.1 with a token", () => {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
  });

  it("refuses a request with a wrong or no token: 403", async () => {
    const wrong = url.replace(/token=.*/, "token=wrong");
    assert.equal((await fetch(wrong, { signal: AbortSignal.timeout(5000) })).status, 403);
    assert.equal((await fetch(url.replace(/\?.*/, "api/state"), { signal: AbortSignal.timeout(5000) })).status, 403);
    const response = await page.goto(wrong);
    assert.equal(response?.status(), 403);
  });

  it("shows the group's services, each running and ready, in a graph too", async () => {
    await page.goto(url);
    for (const service of ["appdb", "web", "worker", "meter"])
      await rowWhen(page, service, '[data-state="running"][data-ready="true"]');
    assert.equal(await page.locator("svg.graph g[data-node]").count(), 4);
    const link = await page.locator('tr[data-service="web"] a').first().getAttribute("href");
    assert.match(link ?? "", /^http:\/\/127\.0\.0\.1:\d+\/$/, "web's published port as a link");
  });

  it("charts the controlled service's cpu and memory as its core reports them", async () => {
    const memory = page.locator('tr[data-service="meter"] .spark-value', { hasText: /^mem \d+(\.\d)? (KiB|MiB)$/ });
    await memory.waitFor({ timeout: 20_000 });
    assert.match(
      (await page.locator('tr[data-service="meter"] .spark-value').first().textContent()) ?? "",
      /^cpu [\d.]+%$/,
    );
    assert.equal(await page.locator('tr[data-service="appdb"] .spark').count(), 0, "no core, no chart");
    // A few samples, so the picture has lines.
    await page.waitForTimeout(6000);
    if (screenshots) await page.screenshot({ path: join(screenshots, "ui.png"), fullPage: true });
  });

  it("sees `boss stop worker` from the CLI", async () => {
    const stop = await runBoss(dir, ["stop", "worker"]);
    assert.equal(stop.code, 0, stop.output);
    await rowWhen(page, "worker", '[data-state="exited"]');
    await page.waitForSelector('tr[data-service="worker"] button[data-action="start"]:not([disabled])');
  });

  it("replaces web's container with its reload button, as the engine confirms", async () => {
    const [before] = (await containersOf(group, "web")).filter((c) => c.State === "running");
    assert.ok(before, "web runs");
    await page.click('tr[data-service="web"] button[data-action="reload"]');
    await page.waitForSelector('[data-testid="actions"] details.done', { timeout: 120_000 });
    await rowWhen(page, "web", `[data-state="running"]:not([data-container="${before.Id.slice(0, 12)}"])`);
    const shown = await page.locator('tr[data-service="web"]').getAttribute("data-container");
    const running = (await containersOf(group, "web")).filter((c) => c.State === "running");
    assert.equal(running.length, 1, "one web container runs");
    assert.notEqual(running[0]?.Id, before.Id, "a new container");
    assert.equal(running[0]?.Id.slice(0, 12), shown, "the page shows the engine's new container");
    const summary = await page.locator('[data-testid="actions"] details.done pre').first().textContent();
    assert.match(summary ?? "", /web/);
  });

  it("shows a service's log lines, and finds them by search", async () => {
    await page.click('tr[data-service="appdb"] td:first-child');
    const line = page.locator('[data-testid="log-lines"] div', { hasText: /^appdb line 2$/ });
    await line.waitFor({ timeout: 20_000 });
    await page.fill('input[type="search"]', "line 2");
    const marked = await page.locator('[data-testid="log-lines"] mark').first().textContent();
    assert.equal(marked, "line 2");
    if (screenshots) await page.screenshot({ path: join(screenshots, "ui-logs.png"), fullPage: true });
  });

  it("ends with exit code 0 on Ctrl-C", async () => {
    ui?.child.kill("SIGINT");
    const ended = await ui?.finished;
    assert.equal(ended?.code, 0, ended?.output);
  });
});
