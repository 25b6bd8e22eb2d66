/**
 * A job (`job = true`) is a container that runs to completion: boss waits for it to exit 0. Two fields make
 * no sense with that, and would hang or loop a start, so they are refused rather than ignored.
 */
type Fail = (field: string, message: string) => never;

export function validateJob(raw: Record<string, unknown>, fail: Fail, describe: (value: unknown) => string): boolean {
  if (raw.job === undefined || raw.job === false) return false;
  if (raw.job !== true) return fail("job", "expected true or false, got " + describe(raw.job));
  if (raw.ping !== undefined) {
    fail(
      "ping",
      "a job has no ping: it is ready when its container exits 0 (a ping would be asked of a container that is gone); " +
        "remove ping, or set job = false for a long-running service",
    );
  }
  if (raw.restart !== undefined && raw.restart !== "no") {
    fail(
      "restart",
      `a job cannot have restart ${describe(raw.restart)}: the engine would run it again after it exits, ` +
        'so it never completes; remove restart (or set it to "no")',
    );
  }
  return true;
}
