import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Service } from "../../src/model/service.js";
import { validateService } from "../../src/model/validate.js";
import { expectUserError } from "../helpers/user-error.js";

const file = "/projects/shop/boss.ts";

class Migrate extends Service {
  name = "migrate";
  image = "busybox";
  override job = true;
}

function validate(fields: Record<string, unknown>) {
  const instance = Object.assign(new Migrate(), fields) as Service;
  return validateService(instance, "Migrate", file, "/projects/shop");
}

describe("validateService: job", () => {
  it("is false unless set, and true for a job", () => {
    assert.equal(validate({ job: undefined }).job, false);
    assert.equal(validate({ job: false }).job, false);
    assert.equal(validate({}).job, true);
  });

  it("must be a boolean", async () => {
    await expectUserError(
      () => validate({ job: "yes" }),
      [`${file}: Migrate: job: `, 'expected true or false, got "yes"'],
    );
    await expectUserError(() => validate({ job: 1 }), [`${file}: Migrate: job: `, "got number 1"]);
  });

  it("refuses a ping, saying that a job is ready when it exits 0", async () => {
    await expectUserError(
      () => validate({ ping: () => true }),
      [`${file}: Migrate: ping: `, "a job has no ping: it is ready when its container exits 0"],
    );
  });

  it("refuses a ping defined as a method of the class too", async () => {
    class Seed extends Migrate {
      override ping() {
        return true;
      }
    }
    await expectUserError(
      () => validateService(new Seed(), "Seed", file, "/projects/shop"),
      [`${file}: Seed: ping: `, "a job has no ping"],
    );
  });

  it("refuses a restart policy other than no, saying the job would never complete", async () => {
    for (const restart of ["always", "on-failure", "unless-stopped", "on-failure:3"]) {
      await expectUserError(
        () => validate({ restart }),
        [`${file}: Migrate: restart: `, `a job cannot have restart "${restart}"`, "never completes"],
      );
    }
    assert.equal(validate({ restart: "no" }).job, true);
  });

  it("lets a service that is not a job have a ping", () => {
    assert.equal(validate({ job: false, ping: () => true }).job, false);
  });
});
