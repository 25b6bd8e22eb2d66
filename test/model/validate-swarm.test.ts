import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Service } from "../../src/model/service.js";
import { validateService } from "../../src/model/validate.js";
import { expectUserError } from "../helpers/user-error.js";

const file = "/projects/shop/boss.ts";

class Api extends Service {
  name = "api";
  image = "busybox";
}

function validate(fields: Record<string, unknown>) {
  const instance = Object.assign(new Api(), fields) as Service;
  return validateService(instance, "Api", file, "/projects/shop");
}

describe("validateService: replicas", () => {
  it("is 1 unless set, and the number given", () => {
    assert.equal(validate({}).replicas, 1);
    assert.equal(validate({ replicas: 3 }).replicas, 3);
    assert.equal(validate({ replicas: 0 }).replicas, 0);
  });

  it("must be a whole number from 0 to 1000", async () => {
    for (const replicas of [-1, 1.5, "2", 1001, null]) {
      await expectUserError(
        () => validate({ replicas }),
        [`${file}: Api: replicas: `, "expected a whole number from 0 to 1000"],
      );
    }
  });
});

describe("validateService: swarm", () => {
  it("is absent unless set, and carries endpointMode, publishMode and constraints", () => {
    assert.equal(validate({}).swarm, undefined);
    assert.deepEqual(
      validate({
        ports: { 80: 8080 },
        swarm: { endpointMode: "dnsrr", publishMode: "host", constraints: [" node.role == manager "] },
      }).swarm,
      { endpointMode: "dnsrr", publishMode: "host", constraints: ["node.role == manager"] },
    );
  });

  it("refuses what Swarm does not know, naming the field", async () => {
    await expectUserError(() => validate({ swarm: "dnsrr" }), [`${file}: Api: swarm: `, 'got "dnsrr"']);
    await expectUserError(
      () => validate({ swarm: { endpointMode: "rr" } }),
      [`${file}: Api: swarm.endpointMode: `, 'expected "vip" or "dnsrr", got "rr"'],
    );
    await expectUserError(
      () => validate({ swarm: { publishMode: "mesh" } }),
      [`${file}: Api: swarm.publishMode: `, 'expected "ingress" or "host"'],
    );
    await expectUserError(
      () => validate({ swarm: { constraints: "node.role == manager" } }),
      [`${file}: Api: swarm.constraints: `, "expected a list of constraints"],
    );
    await expectUserError(
      () => validate({ swarm: { constraints: ["node.role = manager"] } }),
      [`${file}: Api: swarm.constraints: `],
    );
    await expectUserError(
      () => validate({ swarm: { mode: "global" } }),
      [`${file}: Api: swarm: `, 'unknown option "mode"'],
    );
  });

  it("loads DNS round-robin with ports on the routing mesh: only boss deploy refuses it (start ignores swarm)", () => {
    assert.equal(validate({ ports: { 80: 8080 }, swarm: { endpointMode: "dnsrr" } }).swarm?.endpointMode, "dnsrr");
  });
});
