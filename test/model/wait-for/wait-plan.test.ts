import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { waitFor } from "../../../src/model/wait-for/index.js";
import { waitPlanOf } from "../../../src/model/wait-for/wait-plan.js";

describe("waitPlanOf: what a ready-made ping checks, as data", () => {
  it("tcp: the port as written, the host only when one was named", () => {
    assert.deepEqual(waitPlanOf(waitFor.tcp(5433)), { kind: "tcp", port: 5433 });
    assert.deepEqual(waitPlanOf(waitFor.tcp("db.example:5432")), { kind: "tcp", port: 5432, host: "db.example" });
    assert.deepEqual(waitPlanOf(waitFor.tcp({ containerPort: 5432 })), {
      kind: "tcp",
      port: 5432,
      containerPort: true,
    });
  });

  it("http: the URL, whether it is the service's own port, and the status", () => {
    assert.deepEqual(waitPlanOf(waitFor.http({ port: 8080, path: "/health", status: 204 })), {
      kind: "http",
      url: "http://127.0.0.1:8080/health",
      own: true,
      status: 204,
    });
    assert.deepEqual(waitPlanOf(waitFor.http("https://api.example/ready")), {
      kind: "http",
      url: "https://api.example/ready",
      own: false,
    });
  });

  it("command, log, healthy and all", () => {
    assert.deepEqual(waitPlanOf(waitFor.command("pg_isready")), {
      kind: "command",
      argv: ["sh", "-c", "pg_isready"],
      timeout: 10,
    });
    assert.deepEqual(waitPlanOf(waitFor.log(/ready/, 2)), { kind: "log", pattern: "/ready/", times: 2 });
    assert.deepEqual(waitPlanOf(waitFor.healthy()), { kind: "healthy" });
    const handWritten = () => Promise.resolve(true);
    assert.deepEqual(waitPlanOf(waitFor.all([waitFor.tcp(1), handWritten as never])), {
      kind: "all",
      plans: [{ kind: "tcp", port: 1 }, undefined],
    });
  });

  it("a hand-written ping has none", () => {
    assert.equal(
      waitPlanOf(() => true),
      undefined,
    );
    assert.equal(waitPlanOf(undefined), undefined);
  });
});
