import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { createEnsureUser, findOnPath, userEnv } from "../../src/core/process/run-as.js";
import { resolveUser, UnknownUserError, type UserIdentity } from "../../src/core/users.js";

const PASSWD = "root:x:0:0:root:/root:/bin/bash\napp_user:x:1000:1000::/home/app_user:/bin/sh\n";
const GROUP = "root:x:0:\napp_user:x:1000:\naudio:x:29:app_user,other\nvideo:x:44: app_user \nstaff:x:50:other\n";

describe("run_as_user lookup", () => {
  it("reads uid, gid, home and every supplementary group from passwd/group", () => {
    assert.deepEqual(resolveUser("app_user", PASSWD, GROUP), {
      name: "app_user",
      uid: 1000,
      gid: 1000,
      groups: [1000, 29, 44],
      home: "/home/app_user",
    });
    assert.equal(resolveUser("1000", PASSWD, GROUP).name, "app_user");
    assert.throws(() => resolveUser("ghost", PASSWD, GROUP), UnknownUserError);
  });
});

describe("ensureUser", () => {
  const identity: UserIdentity = {
    name: "nobody",
    uid: 65534,
    gid: 65534,
    groups: [65534, 4242],
    home: "/nonexistent",
  };
  const mainTs = fileURLToPath(new URL("../../src/core/main.ts", import.meta.url));
  const helperSelf = [process.execPath, "--import", "tsx", mainTs];

  it("returns the argv unchanged without run_as_user and rejects a bad argv", () => {
    const ensure = createEnsureUser(null, { setpriv: "/usr/bin/setpriv", selfCommand: helperSelf });
    assert.deepEqual(ensure(["id", "-u"]), ["id", "-u"]);
    assert.throws(() => ensure([]), TypeError);
    assert.deepEqual(userEnv({ A: "1" }, identity), {
      A: "1",
      HOME: "/nonexistent",
      USER: "nobody",
      LOGNAME: "nobody",
    });
  });

  const root = process.getuid?.() === 0;
  const setpriv = findOnPath("setpriv");
  for (const mode of ["setpriv", "helper"] as const) {
    it(
      `runs the command with uid, gid and supplementary groups (${mode})`,
      { skip: !root || (mode === "setpriv" && !setpriv) ? "needs root (and setpriv)" : false },
      () => {
        const ensure = createEnsureUser(identity, {
          setpriv: mode === "setpriv" ? setpriv : null,
          selfCommand: helperSelf,
        });
        const [program, ...args] = ensure(["sh", "-c", 'echo "$(id -u) $(id -g) $(id -G)"; exit 7']);
        const result = spawnSync(program!, args, { encoding: "utf8" });
        assert.equal(result.stdout.trim(), "65534 65534 65534 4242", result.stderr);
        assert.equal(result.status, 7, "the exit code comes through");
      },
    );
  }
});
