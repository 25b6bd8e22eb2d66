import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { expandVariables, readEnvFiles } from "../../src/model/env-files.js";
import { Service } from "../../src/model/service.js";
import { validateService } from "../../src/model/validate.js";
import { expectUserError } from "../helpers/user-error.js";
import { makeTempDir } from "../helpers/temp-dir.js";

const folder = makeTempDir("boss-envfile-");
after(folder.remove);

const fail = (field: string, message: string): never => {
  throw new Error(`${field}: ${message}`);
};

class Web extends Service {
  name = "web";
  image = "busybox";
}

function definitionWith(fields: Record<string, unknown>) {
  const instance = Object.assign(new Web(), fields);
  return validateService(instance, "Web", `${folder.path}/boss.ts`, folder.path);
}

describe("env files (compose's env_file)", () => {
  it("reads compose's format: export, comments, quotes, escapes in double quotes, values over several lines", () => {
    folder.write(
      "format.env",
      [
        "# a comment",
        "PLAIN=value # a trailing comment",
        "export EXPORTED=yes",
        "SINGLE='single # not a comment'",
        'DOUBLE="line one\\nline two"',
        'MULTI="first',
        'second"',
        "EMPTY=",
        "SPACED = padded ",
      ].join("\n"),
    );
    assert.deepEqual(readEnvFiles("format.env", folder.path, fail, {}), {
      PLAIN: "value",
      EXPORTED: "yes",
      SINGLE: "single # not a comment",
      DOUBLE: "line one\nline two",
      MULTI: "first\nsecond",
      EMPTY: "",
      SPACED: "padded",
    });
  });

  it("later files win over earlier ones; an explicit env wins over every file", () => {
    folder.write("base.env", "A=base\nB=base\nC=base\n");
    folder.write("local.env", "B=local\nC=local\n");
    const definition = definitionWith({ envFile: ["base.env", "local.env"], env: { C: "explicit" } });
    assert.deepEqual(definition.env, { A: "base", B: "local", C: "explicit" });
  });

  it("interpolates ${VAR} from earlier lines, earlier files, then boss's environment, as compose does", () => {
    folder.write("one.env", "HOST=db\n");
    folder.write(
      "two.env",
      "URL=postgres://${HOST}:${PORT:-5432}/$NAME\nPRICE=$$5\nHOME_DIR=\"${HOME}\"\nexport RAW='${HOME}'\n",
    );
    const env = readEnvFiles(["one.env", "two.env"], folder.path, fail, { NAME: "shop", HOME: "/root", HOST: "x" });
    assert.deepEqual(env, {
      HOST: "db",
      URL: "postgres://db:5432/shop",
      PRICE: "$5",
      HOME_DIR: "/root",
      RAW: "${HOME}",
    });
  });

  it("supports the default, alternative and required forms, with and without the colon", () => {
    const lookup = (name: string) => ({ SET: "v", EMPTY: "" })[name];
    const expand = (text: string) => expandVariables(text, lookup, (m) => fail("x", m));
    assert.equal(expand("${UNSET-d}|${EMPTY-d}|${EMPTY:-d}|${SET:-d}"), "d||d|v");
    assert.equal(expand("${SET+alt}|${EMPTY+alt}|${EMPTY:+alt}|${UNSET+alt}"), "alt|alt||");
    assert.equal(expand("${UNSET}"), "");
    assert.throws(() => expand("${UNSET:?give it}"), /give it/);
  });

  it("keeps braces from a file literal: boss's {key} placeholders are not read in env files", () => {
    folder.write("json.env", 'JSON={"a": {b}}\n');
    assert.deepEqual(definitionWith({ envFile: "json.env" }).env, { JSON: '{{"a": {{b}}}}' });
  });

  it("a missing file is an error naming the file, the class and the field", async () => {
    await expectUserError(
      () => definitionWith({ envFile: [".env", "missing.env"] }),
      [`${folder.path}/boss.ts: Web: envFile[0]: env file not found: ${folder.path}/.env`],
    );
    folder.write(".env", "A=1\n");
    await expectUserError(
      () => definitionWith({ envFile: [".env", "missing.env"] }),
      [`Web: envFile[1]: env file not found: ${folder.path}/missing.env`],
    );
    await expectUserError(() => definitionWith({ envFile: 3 }), ["Web: envFile: expected a file name"]);
  });

  it("a required variable that is unset names the file and the variable", async () => {
    folder.write("required.env", "TOKEN=${SECRET:?set SECRET first}\n");
    await expectUserError(
      () => definitionWith({ envFile: "required.env" }),
      [`Web: envFile: ${folder.path}/required.env: TOKEN: set SECRET first`],
    );
  });
});
