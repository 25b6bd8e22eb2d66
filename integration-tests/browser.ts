/**
 * A real browser for the tests of `boss ui`: Debian's chromium (no browser
 * download is reachable here), driven by playwright-core, with a profile of
 * its own that is removed afterwards.
 */
import { existsSync } from "node:fs";
import { chromium, type BrowserContext } from "playwright-core";
import { makeTempDir } from "../test/helpers/temp-dir.js";

export const chromiumPath = process.env.BOSS_TEST_CHROMIUM ?? "/usr/bin/chromium";

/** Why the browser tests cannot run, or undefined; under CI=true a missing browser throws (never a silent skip). */
export function browserUnavailable(): string | undefined {
  if (existsSync(chromiumPath)) return undefined;
  const reason = `no browser at ${chromiumPath}: apt-get install -y chromium (scripts/test-all.sh does)`;
  if (process.env.CI === "true") throw new Error(reason);
  return reason;
}

/** A headless chromium with a new empty profile; closing it removes the profile. */
export async function launchBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = makeTempDir("boss-ui-chromium-");
  const context = await chromium.launchPersistentContext(profile.path, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      profile.remove();
    },
  };
}
