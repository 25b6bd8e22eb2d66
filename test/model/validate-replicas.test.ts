import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defineService, fixtureFile } from "../helpers/definitions.js";
import { expectUserError } from "../helpers/user-error.js";

describe("replicas", () => {
  it("is 1 unless set, and takes a whole number of copies, 0 or more", () => {
    assert.equal(defineService({ name: "web" }).replicas, 1);
    assert.equal(defineService({ name: "web", replicas: 3 }).replicas, 3);
    assert.equal(defineService({ name: "web", replicas: 0 }).replicas, 0);
  });

  for (const bad of [-1, 1.5, "2", null]) {
    it(`refuses ${JSON.stringify(bad)}, naming file, class and field`, async () => {
      await expectUserError(
        () => defineService({ name: "web", replicas: bad as never }),
        [`${fixtureFile}: Web: replicas: `, "expected a whole number of copies, 0 or more"],
      );
    });
  }
});
