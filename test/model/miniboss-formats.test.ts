import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { minibossField } from "../../src/model/miniboss-formats.js";
import { Service } from "../../src/model/service.js";
import { validateService } from "../../src/model/validate.js";
import { expectUserError } from "../helpers/user-error.js";

class Web extends Service {
  name = "web";
  image = "busybox";
}
const validate = (fields: Record<string, unknown>) =>
  validateService(Object.assign(new Web(), fields), "Web", "/p/boss.ts", "/p");

describe("miniboss's Python format fields", () => {
  it("finds format specs, conversions and positional fields; leaves boss's own and literal braces alone", () => {
    assert.equal(minibossField("{port:d}", false)?.found, "{port:d}");
    assert.equal(minibossField("x {ratio:.2f} y", false)?.found, "{ratio:.2f}");
    assert.equal(minibossField("{name!r}", false)?.found, "{name!r}");
    assert.equal(minibossField("{}", true)?.found, "{}");
    assert.equal(minibossField("{0}", true)?.found, "{0}");
    assert.equal(minibossField("{:>8}", true)?.found, "{:>8}");
    for (const fine of ["{port}", "{{port:d}}", "{{}}", '{"a": 1}', "${HOME:-x}", "{a:b c}", "plain"]) {
      assert.equal(minibossField(fine, true), undefined, fine);
    }
    assert.equal(minibossField("find . -exec rm {} +", false), undefined, "positional braces in a cmd are literal");
  });

  it("refuses them at load time naming file, class and field, with the fix", async () => {
    await expectUserError(
      () => validate({ env: { PORT: "{port:d}" } }),
      ['/p/boss.ts: Web: env.PORT: "{port:d}" in "{port:d}" is a Python format field (miniboss)', "write {port}"],
    );
    await expectUserError(
      () => validate({ env: { URL: "http://{}:80" } }),
      ["Web: env.URL: ", "no positional placeholders", "{{}} for literal braces"],
    );
    await expectUserError(() => validate({ cmd: ["serve", "--port={port:d}"] }), ["Web: cmd[1]: "]);
    await expectUserError(
      () => validate({ control: { payload: { nested: ["{}"] } } }),
      ["Web: control.payload.nested[0]: "],
    );
    assert.deepEqual(validate({ cmd: "find /tmp -exec rm {} +" }).cmd, ["find", "/tmp", "-exec", "rm", "{}", "+"]);
  });
});
