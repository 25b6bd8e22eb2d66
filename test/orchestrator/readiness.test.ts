import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ExitCode, ServiceFailedError } from "../../src/errors.js";
import { waitUntilReady } from "../../src/orchestrator/readiness.js";
import { defineService } from "../helpers/definitions.js";
import { FakeClock } from "../fakes/fake-clock.js";
import { FakeContainerClient } from "../fakes/fake-container-client.js";

/** A fake engine with one running container for `web`; returns the client and the container's id. */
async function runningWeb(): Promise<{ client: FakeContainerClient; id: string }> {
  const client = new FakeContainerClient();
  return { client, id: await client.addRunning("shop", "web") };
}

async function expectFailure(promise: Promise<unknown>): Promise<ServiceFailedError> {
  const error = await promise.then(
    () => assert.fail("expected waitUntilReady to fail"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ServiceFailedError, `expected a ServiceFailedError, got ${String(error)}`);
  assert.equal(error.exitCode, ExitCode.serviceFailed);
  return error;
}

describe("waitUntilReady", () => {
  it("is ready at once when the container runs and there is no ping", async () => {
    const { client, id } = await runningWeb();
    const clock = new FakeClock();
    await waitUntilReady(client, defineService({ name: "web" }), id, 300, undefined, clock);
    assert.deepEqual(clock.sleeps, []);
  });

  it("polls ping every 100 ms until it returns true", async () => {
    const { client, id } = await runningWeb();
    const clock = new FakeClock();
    const answers = [false, false, false, true];
    let pings = 0;
    const web = defineService({ name: "web", ping: () => answers[pings++] ?? false });
    await waitUntilReady(client, web, id, 300, undefined, clock);
    assert.equal(pings, 4);
    assert.deepEqual(clock.sleeps, [100, 100, 100]);
  });

  it("accepts an async ping", async () => {
    const { client, id } = await runningWeb();
    let pings = 0;
    const web = defineService({ name: "web", ping: () => Promise.resolve(++pings === 2) });
    await waitUntilReady(client, web, id, 300, undefined, new FakeClock());
    assert.equal(pings, 2);
  });

  it("fails at once when the container exits, with its exit code and last 20 log lines", async () => {
    const { client, id } = await runningWeb();
    const clock = new FakeClock();
    const container = client.containers.get(id);
    assert.ok(container);
    container.logs = Array.from({ length: 25 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
    let pings = 0;
    const web = defineService({
      name: "web",
      ping: () => {
        if (++pings === 3) {
          container.status = "exited";
          container.exitCode = 3;
        }
        return false;
      },
    });
    const error = await expectFailure(waitUntilReady(client, web, id, 300, undefined, clock));
    const lastLines = Array.from({ length: 20 }, (_, i) => `line ${i + 6}`).join("\n");
    assert.equal(
      error.message,
      `web: container exited with code 3 before it was ready; last 20 log lines:\n${lastLines}`,
    );
    assert.equal(clock.now(), 300, "it stopped after three polls, not at the 300 s timeout");
  });

  it("says when an exited container wrote no logs", async () => {
    const { client, id } = await runningWeb();
    client.exit("web", 137);
    const error = await expectFailure(
      waitUntilReady(client, defineService({ name: "web" }), id, 300, undefined, new FakeClock()),
    );
    assert.equal(error.message, "web: container exited with code 137 before it was ready; the container wrote no logs");
  });

  it("times out after the given seconds, with what the last ping threw", async () => {
    const { client, id } = await runningWeb();
    const clock = new FakeClock();
    let pings = 0;
    const web = defineService({
      name: "web",
      ping: () => {
        pings++;
        throw new Error("connect ECONNREFUSED 127.0.0.1:8080");
      },
    });
    const error = await expectFailure(waitUntilReady(client, web, id, 2, undefined, clock));
    assert.match(
      error.message,
      /^web: not ready after 2 s; the last ping threw: connect ECONNREFUSED 127\.0\.0\.1:8080/,
    );
    assert.ok(clock.now() >= 2000 && clock.now() < 2200, `gave up at ${clock.now()} ms`);
    assert.equal(pings, 21);
  });

  it("times out saying ping never returned true when it only returned false", async () => {
    const { client, id } = await runningWeb();
    const error = await expectFailure(
      waitUntilReady(client, defineService({ name: "web", ping: () => false }), id, 1, undefined, new FakeClock()),
    );
    assert.equal(error.message, "web: not ready after 1 s; ping() never returned true; the container wrote no logs");
  });

  it("stops waiting when aborted", async () => {
    const { client, id } = await runningWeb();
    const controller = new AbortController();
    const web = defineService({
      name: "web",
      ping: () => {
        controller.abort();
        return false;
      },
    });
    await assert.rejects(waitUntilReady(client, web, id, 300, controller.signal, new FakeClock()), {
      name: "AbortError",
    });
  });
});
