import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Service } from "../../src/model/service.js";
import { validateService } from "../../src/model/validate.js";
import { expectUserError } from "../helpers/user-error.js";

const file = "/projects/shop/boss.ts";

class Probe extends Service {
  name = "web";
  image = "nginx:1.27";
}

function volumesOf(volumes: unknown) {
  const instance = Object.assign(new Probe(), { volumes });
  return validateService(instance, "WebApp", file, "/projects/shop").volumes;
}

function expectInvalid(volumes: unknown, field: string, expected: string) {
  return expectUserError(() => volumesOf(volumes), [`${file}: WebApp: ${field}: `, expected]);
}

describe("volumes with compose's mount options", () => {
  it("reads the short form's options, combined with commas", () => {
    assert.deepEqual(volumesOf(["./conf:/etc/app:ro,z", "/srv/x:/x:rshared", "data:/data:nocopy", "./c:/c:Z,cached"]), [
      { type: "bind", host: "/projects/shop/conf", container: "/etc/app", mode: "ro", options: ["z"] },
      { type: "bind", host: "/srv/x", container: "/x", mode: "rw", options: ["rshared"] },
      { type: "volume", name: "data", container: "/data", mode: "rw", options: ["nocopy"] },
      { type: "bind", host: "/projects/shop/c", container: "/c", mode: "rw", options: ["Z"] },
    ]);
    // No options: the binding is as it always was (same hash, no recreate).
    assert.deepEqual(volumesOf(["./d:/d:rw"]), [
      { type: "bind", host: "/projects/shop/d", container: "/d", mode: "rw" },
    ]);
  });

  it("reads compose's long form: bind.propagation, bind.selinux, volume.nocopy", () => {
    assert.deepEqual(
      volumesOf([
        {
          type: "bind",
          source: "./conf",
          target: "/etc/app",
          readOnly: true,
          bind: { propagation: "rslave", selinux: "z" },
        },
        { source: "pgdata", target: "/var/lib/postgresql/data", volume: { nocopy: true } },
      ]),
      [
        { type: "bind", host: "/projects/shop/conf", container: "/etc/app", mode: "ro", options: ["rslave", "z"] },
        { type: "volume", name: "pgdata", container: "/var/lib/postgresql/data", mode: "rw", options: ["nocopy"] },
      ],
    );
  });

  it("refuses unknown, repeated and misplaced options", async () => {
    await expectInvalid(["./a:/a:ro,x"], "volumes[0]", 'unknown mount option "x" in "ro,x"');
    await expectInvalid(["./a:/a:ro,rw"], "volumes[0]", '"ro,rw" gives the mode twice');
    await expectInvalid(["./a:/a:z,Z"], "volumes[0]", "gives the SELinux label twice");
    await expectInvalid(["./a:/a:shared,slave"], "volumes[0]", "gives the bind propagation twice");
    await expectInvalid(["./a:/a:nocopy"], "volumes[0]", '"nocopy" applies to a volume, not to a host folder');
    await expectInvalid(
      ["data:/a:rshared"],
      "volumes[0]",
      '"rshared" applies to a host folder (a bind mount), not to a volume',
    );
  });

  it("refuses bad long-form options, naming the key", async () => {
    await expectInvalid(
      [{ source: "./a", target: "/a", bind: { propagation: "up" } }],
      "volumes[0]",
      "bind.propagation: expected one of rprivate",
    );
    await expectInvalid(
      [{ source: "./a", target: "/a", bind: { selinux: "y" } }],
      "volumes[0]",
      'bind.selinux: expected "z" or "Z"',
    );
    await expectInvalid(
      [{ source: "./a", target: "/a", bind: { create: true } }],
      "volumes[0]",
      'bind: unknown key "create"',
    );
    await expectInvalid(
      [{ source: "v", target: "/a", volume: { nocopy: "yes" } }],
      "volumes[0]",
      "volume.nocopy: expected true or false",
    );
    await expectInvalid(
      [{ target: "/a", volume: { nocopy: true } }],
      "volumes[0]",
      "bind and volume options need a source",
    );
  });
});
