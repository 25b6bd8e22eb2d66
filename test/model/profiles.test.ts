import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ServiceDefinition } from "../../src/model/definition.js";
import { activeProfiles, inactiveServices } from "../../src/model/profiles.js";
import { Service } from "../../src/model/service.js";
import { validateService } from "../../src/model/validate.js";
import { expectUserError } from "../helpers/user-error.js";

function service(name: string, profiles: string[], dependencies: string[] = []): ServiceDefinition {
  return { name, className: name[0]?.toUpperCase() + name.slice(1), profiles, dependencies } as ServiceDefinition;
}

describe("profiles", () => {
  it("takes --profile flags (repeated or comma-separated), else BOSS_PROFILES", () => {
    assert.deepEqual([...activeProfiles(["debug", "tools,seed"], "ignored")], ["debug", "tools", "seed"]);
    assert.deepEqual([...activeProfiles([], "debug, tools")], ["debug", "tools"]);
    assert.deepEqual([...activeProfiles([], undefined)], []);
  });

  it("refuses a profile name compose would refuse", async () => {
    await expectUserError(() => activeProfiles(["-x"], undefined), ["--profile: ", '"-x" is not a profile name']);
  });

  it("services in no profile always start; a profiled one only when one of its profiles is active", () => {
    const services = [service("db", []), service("adminer", ["debug"]), service("seed", ["seed", "debug"])];
    assert.deepEqual([...inactiveServices(services, new Set())], ["adminer", "seed"]);
    assert.deepEqual([...inactiveServices(services, new Set(["seed"]))], ["adminer"]);
    assert.deepEqual([...inactiveServices(services, new Set(["debug"]))], []);
    assert.deepEqual([...inactiveServices(services, new Set(["*"]))], [], "* activates every profile");
  });

  it("a service that starts may not depend on one left out: an error naming both and the profile", async () => {
    const services = [service("mock", ["test"]), service("web", [], ["mock"])];
    await expectUserError(
      () => inactiveServices(services, new Set(), new Set(), "/p/boss.ts"),
      ['/p/boss.ts: Web: dependencies: "web" depends on "mock", which is only in profile "test"', "--profile test"],
    );
    assert.deepEqual([...inactiveServices(services, new Set(["test"]))], []);
    assert.deepEqual([...inactiveServices(services, new Set(), new Set(["web"]))], ["mock"], "unless it is excluded");
    assert.deepEqual(
      [...inactiveServices(services, new Set(), new Set(), undefined, new Set(["mock"]))],
      [],
      "a service named on the command line starts whatever its profiles",
    );
  });

  it("validates the field: an array of profile names", async () => {
    class Tool extends Service {
      name = "tool";
      image = "busybox";
    }
    const validate = (profiles: unknown) =>
      validateService(Object.assign(new Tool(), { profiles }), "Tool", "/p/boss.ts", "/p");
    assert.deepEqual(validate(["debug", "debug", "a.b_c-d"]).profiles, ["debug", "a.b_c-d"]);
    assert.deepEqual(validate(undefined).profiles, []);
    await expectUserError(() => validate("debug"), ["/p/boss.ts: Tool: profiles: expected an array"]);
    await expectUserError(() => validate(["ok", "no spaces"]), ["/p/boss.ts: Tool: profiles[1]: expected a profile"]);
  });
});
