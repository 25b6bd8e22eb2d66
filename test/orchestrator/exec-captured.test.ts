import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EngineError, isBossError } from "../../src/errors.js";
import { execCaptured } from "../../src/orchestrator/exec-captured.js";
import { FakeContainerClient } from "../fakes/fake-container-client.js";

describe("execCaptured", () => {
  it("returns the command's exit code and its output, stdout and stderr together", async () => {
    const client = new FakeContainerClient();
    const id = await client.addRunning("shop", "db");
    client.process = (command, io) => {
      io.stdout.write(`ran ${command.join(" ")}\n`);
      io.stderr.write("no response\n");
      return 2;
    };
    assert.deepEqual(await execCaptured(client, id, ["pg_isready", "-q"], 1000), {
      exitCode: 2,
      output: "ran pg_isready -q\nno response\n",
    });
  });

  it("turns the engine refusing a run into a failed check, not a failure that ends the wait", async () => {
    const client = new FakeContainerClient();
    const refused = new EngineError("the Docker engine could not run true: container is restarting (HTTP 409)", 409);
    client.execAttached = () => Promise.reject(refused);
    await assert.rejects(
      execCaptured(client, "c1", ["true"], 1000),
      (error: unknown) => !isBossError(error) && error instanceof Error && error.message === refused.message,
    );
  });
});
