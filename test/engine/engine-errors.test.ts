import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DockerUnavailableError, EngineError, ServiceFailedError } from "../../src/errors.js";
import { engineFailure } from "../../src/engine/engine-errors.js";

const endpoint = "DOCKER_HOST=unix:///tmp/proxy.sock";

function socketError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe("engineFailure", () => {
  it("makes the engine going away a DockerUnavailableError naming the engine and the step", () => {
    for (const error of [
      socketError("ECONNREFUSED", "connect ECONNREFUSED /tmp/proxy.sock"),
      socketError("ENOENT", "connect ENOENT /tmp/proxy.sock"),
      socketError("ECONNRESET", "socket hang up"),
      socketError("EPIPE", "write EPIPE"),
    ]) {
      const mapped = engineFailure(error, "create the container shop-web-1", endpoint, undefined);
      assert.ok(mapped instanceof DockerUnavailableError, error.message);
      assert.equal(mapped.exitCode, 3);
      assert.match(
        mapped.message,
        /^lost the Docker engine \(DOCKER_HOST=unix:\/\/\/tmp\/proxy\.sock\) while trying to create the container shop-web-1: /,
      );
      assert.equal(mapped.cause, error);
    }
  });

  it("says when boss's own timeout cut the call off", () => {
    const mapped = engineFailure(
      socketError("ECONNRESET", "socket hang up"),
      "list the containers of group shop",
      endpoint,
      "2 s",
    );
    assert.ok(mapped instanceof DockerUnavailableError);
    assert.match(mapped.message, /did not answer within 2 s while trying to list the containers of group shop/);
    assert.match(mapped.message, /BOSS_ENGINE_TIMEOUT/);
  });

  it("makes an error the engine answered an EngineError with its status and words", () => {
    const answered = Object.assign(new Error("(HTTP code 500) server error - injected"), {
      statusCode: 500,
      json: { message: "injected\n" },
    });
    const mapped = engineFailure(answered, "start container 0123456789ab", endpoint, undefined);
    assert.ok(mapped instanceof EngineError);
    assert.equal(mapped.exitCode, 1);
    assert.equal(mapped.statusCode, 500);
    assert.equal(mapped.message, "the Docker engine could not start container 0123456789ab: injected (HTTP 500)");
  });

  it("passes boss's own errors and anything else through unchanged", () => {
    const own = new ServiceFailedError("web: build failed");
    assert.equal(engineFailure(own, "build web", endpoint, undefined), own);
    const other = new TypeError("not an engine problem");
    assert.equal(engineFailure(other, "build web", endpoint, undefined), other);
  });
});
