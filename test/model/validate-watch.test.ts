import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { Service } from "../../src/model/service.js";
import { validateService } from "../../src/model/validate.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { expectUserError } from "../helpers/user-error.js";

const folder = makeTempDir();
after(folder.remove);
folder.write("app/src/index.js", "");
folder.write("app/package.json", "{}");
const file = join(folder.path, "boss.ts");

class App extends Service {
  name = "app";
  image = "app:dev";
  override buildFrom = "app";
}

function validate(watch: unknown, fields: Record<string, unknown> = {}) {
  return validateService(Object.assign(new App(), { watch, ...fields }), "App", file, folder.path);
}

function expectInvalid(watch: unknown, field: string, expected: string, fields: Record<string, unknown> = {}) {
  return expectUserError(() => validate(watch, fields), [`${file}: App: ${field}: `, expected]);
}

describe("watch rules", () => {
  it("are read with paths made absolute and ignore lists always present", () => {
    assert.deepEqual(
      validate([
        { path: "app/src", action: "sync", target: "/app/src", ignore: ["*.tmp"] },
        { path: "app/package.json", action: "rebuild" },
        { path: "app/package.json", action: "sync+restart", target: "/app/package.json" },
        { path: "app", action: "restart" },
      ]).watch,
      [
        { path: join(folder.path, "app/src"), action: "sync", target: "/app/src", ignore: ["*.tmp"] },
        { path: join(folder.path, "app/package.json"), action: "rebuild", ignore: [] },
        {
          path: join(folder.path, "app/package.json"),
          action: "sync+restart",
          target: "/app/package.json",
          ignore: [],
        },
        { path: join(folder.path, "app"), action: "restart", ignore: [] },
      ],
    );
    assert.deepEqual(validate(undefined).watch, []);
  });

  it("name the rule and the key that is wrong", async () => {
    await expectInvalid({ path: "app" }, "watch", "expected an array");
    await expectInvalid(["app"], "watch[0]", "expected { path, action");
    await expectInvalid([{ path: "nope", action: "sync", target: "/x" }], "watch[0].path", "does not exist");
    await expectInvalid([{ path: "app", action: "copy" }], "watch[0].action", 'expected one of "sync", "rebuild"');
    await expectInvalid([{ path: "app", action: "sync" }], "watch[0].target", "expected an absolute container path");
    await expectInvalid([{ path: "app", action: "sync", target: "app" }], "watch[0].target", "absolute");
    await expectInvalid([{ path: "app", action: "restart", target: "/x" }], "watch[0].target", "copies nothing");
    await expectInvalid(
      [{ path: "app/package.json", action: "sync", target: "/app/pkg.json" }],
      "watch[0].target",
      "ending in package.json",
    );
    await expectInvalid([{ path: "app", action: "sync", target: "/x", ignore: "*.tmp" }], "watch[0].ignore", "array");
    await expectInvalid([{ path: "app", action: "sync", target: "/x", ignore: [""] }], "watch[0].ignore[0]", "pattern");
    await expectInvalid([{ path: "app", action: "sync", target: "/x", paths: [] }], "watch[0].paths", "unknown key");
    await expectInvalid(
      [{ path: "app", action: "rebuild" }],
      "watch[0].action",
      "needs the service to have buildFrom",
      {
        buildFrom: undefined,
      },
    );
  });
});
