import { spawn } from "node:child_process";

/**
 * Opens `url` in the user's browser, as `xdg-open`, macOS's `open` or
 * Windows' `start` do; quietly does nothing when none is there (a server, a
 * container): the address is printed anyway. Three commands, so no package.
 */
export function openBrowser(url: string): void {
  const [command, args] =
    process.platform === "darwin"
      ? ["open", [url]]
      : process.platform === "win32"
        ? ["cmd", ["/c", "start", '""', url]]
        : ["xdg-open", [url]];
  try {
    const child = spawn(command, args, { stdio: "ignore", detached: true });
    child.on("error", () => undefined);
    child.unref();
  } catch {
    // No opener: the printed address is the way in.
  }
}
