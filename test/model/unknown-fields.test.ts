import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { knownFieldNames, nearestKnownField, unknownFieldWarnings } from "../../src/model/unknown-fields.js";
import { unexportedServiceClasses } from "../../src/model/unexported-services.js";
import { Service } from "../../src/model/service.js";

describe("fields boss does not know", () => {
  it("names the boss field for compose's and miniboss's names, whatever the value", () => {
    const cases: Array<[string, unknown, string]> = [
      ["environment", { A: "1" }, "env"],
      ["depends_on", ["db"], "dependencies"],
      ["command", "serve", "cmd"],
      ["working_dir", "/app", "workingDir"],
      ["env_file", ".env", "envFile"],
      ["stop_signal", "SIGINT", "stopSignal"],
      ["mem_limit", "512m", "memory"],
      ["cap_add", ["NET_ADMIN"], "capAdd"],
      ["extra_hosts", ["a:1.2.3.4"], "extraHosts"],
      ["build", "./app", "buildFrom"],
      ["health_check", {}, "healthcheck"],
      ["restart_policy", "always", "restart"],
      ["always_start_new", true, "alwaysStartNew"],
    ];
    for (const [field, value, expected] of cases) assert.equal(nearestKnownField(field, value), expected, field);
  });

  it("names near misses whose value fits the field", () => {
    assert.equal(nearestKnownField("dependancies", ["db"]), "dependencies");
    assert.equal(nearestKnownField("imag", "busybox"), "image");
    assert.equal(nearestKnownField("Env", {}), "env");
    assert.equal(nearestKnownField("workingdir", "/app"), "workingDir");
    assert.equal(
      nearestKnownField("prestart", () => 1),
      "preStart",
    );
  });

  it("knows every field a Service has (a field added to Service must be added to the list)", () => {
    class Bare extends Service {
      name = "bare";
      image = "busybox";
    }
    const fields = Object.keys(new Bare());
    assert.ok(fields.length > 20);
    assert.deepEqual(
      fields.filter((field) => !knownFieldNames.has(field)),
      [],
    );
    assert.deepEqual(unknownFieldWarnings(new Bare(), "Bare", "/p/boss.ts"), []);
  });

  it("leaves the user's own helper fields alone", () => {
    assert.equal(nearestKnownField("port", 5433), undefined, "a number is not a misspelt ports");
    assert.equal(nearestKnownField("password", "x"), undefined);
    assert.equal(nearestKnownField("dbUrl", "x"), undefined);
    assert.equal(nearestKnownField("_env", {}), undefined);
    assert.equal(nearestKnownField("env", {}), undefined);
  });

  it("warns per field with file, class, field and suggestion, also for methods of the class", () => {
    class Web extends Service {
      name = "web";
      image = "busybox";
      environment = { A: "1" };
      port = 8080;
      post_start() {
        return 1;
      }
    }
    const warnings = unknownFieldWarnings(new Web(), "Web", "/p/boss.ts");
    assert.deepEqual(
      warnings.map((w) => [w.service, w.field, w.suggestion]),
      [
        ["Web", "environment", "env"],
        ["Web", "post_start", "postStart"],
      ],
    );
    assert.equal(
      warnings[0]?.message,
      '/p/boss.ts: class Web: field "environment" is not a boss field and is ignored; did you mean "env"?',
    );
  });
});

describe("unexported service classes", () => {
  it("finds subclasses of Service (and of exported services) that are not exported", () => {
    const source = `
import { Service } from "boss";
export class Db extends Service { name = "db"; image = "x"; }
class Cache extends Service { name = "cache"; image = "x"; }
class Replica extends Db { name = "replica"; }
abstract class Base extends Service { image = "x"; }
export class Web extends Base { name = "web"; }
class Helper extends Object {}
class Late extends Service {}
export { Late };
export default class Main extends Service {}
`;
    assert.deepEqual(unexportedServiceClasses(source, new Set(["Db", "Web", "Late"])), ["Cache", "Replica"]);
  });
});
