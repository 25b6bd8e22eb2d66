import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Service } from "../../src/model/service.js";
import { validateService } from "../../src/model/validate.js";
import { expectUserError } from "../helpers/user-error.js";

const file = "/projects/shop/boss.ts";
const dir = "/projects/shop";

class Probe extends Service {
  name = "web";
  image = "nginx:1.27";
}

/** A Probe with `fields` set on it; a field given as undefined is deleted (a missing field). */
function serviceWith(fields: Record<string, unknown>): Service {
  const instance = new Probe() as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) delete instance[key];
    else instance[key] = value;
  }
  return instance as unknown as Service;
}

function validate(fields: Record<string, unknown>) {
  return validateService(serviceWith(fields), "WebApp", file, dir);
}

/** Every message names the file, the class and the field. */
function expectInvalid(fields: Record<string, unknown>, field: string, expected: string) {
  return expectUserError(() => validate(fields), [`${file}: WebApp: ${field}: `, expected]);
}

describe("validateService", () => {
  it("normalises a valid definition with defaults", () => {
    const definition = validate({});
    assert.equal(definition.name, "web");
    assert.equal(definition.className, "WebApp");
    assert.equal(definition.image, "nginx:1.27");
    assert.deepEqual(definition.dependencies, []);
    assert.deepEqual(definition.env, {});
    assert.deepEqual(definition.ports, []);
    assert.deepEqual(definition.volumes, []);
    assert.equal(definition.stopSignal, undefined, "the image's STOPSIGNAL");
    assert.equal(definition.alwaysStartNew, false);
    assert.equal(definition.build, undefined);
  });

  describe("name and image", () => {
    it("refuses a missing name", async () => {
      await expectInvalid({ name: undefined }, "name", "expected a string (the service name), got nothing");
    });

    it("refuses a name that is not a string", async () => {
      await expectInvalid({ name: 42 }, "name", "expected a string (the service name), got number 42");
    });

    it("refuses a missing image", async () => {
      await expectInvalid({ image: undefined }, "image", "expected a string (an image reference), got nothing");
    });

    it("refuses an image that is not a string", async () => {
      await expectInvalid({ image: ["nginx"] }, "image", "expected a string (an image reference), got an array");
    });

    for (const bad of ["web_app", "-web", "web-", "web app", "a".repeat(64), "wéb"]) {
      it(`refuses the name ${JSON.stringify(bad)} (not a DNS label)`, async () => {
        await expectInvalid({ name: bad }, "name", `"${bad}" is not a valid DNS label`);
      });
    }

    it("accepts names that are DNS labels", () => {
      for (const good of ["db", "app-db", "a1", "a".repeat(63)]) assert.equal(validate({ name: good }).name, good);
    });
  });

  describe("ports", () => {
    it("normalises container port (with protocol) to host port", () => {
      assert.deepEqual(validate({ ports: { "53/udp": 5353, 5432: 5433 } }).ports, [
        { containerPort: 5432, protocol: "tcp", hostPort: 5433 },
        { containerPort: 53, protocol: "udp", hostPort: 5353 },
      ]);
    });

    it("keeps the forms of compose to validate-ports.test.ts", () => {
      assert.deepEqual(validate({ ports: ["5433:5432"] }).ports, [
        { containerPort: 5432, protocol: "tcp", hostPort: 5433 },
      ]);
    });
  });

  describe("volumes", () => {
    it("resolves relative host paths against the services file's folder, not the cwd", () => {
      const definition = validate({ volumes: ["./data:/var/data", "/abs/logs:/logs:ro", "conf/x:/x"] });
      assert.notEqual(process.cwd(), dir);
      assert.deepEqual(definition.volumes, [
        { type: "bind", host: "/projects/shop/data", container: "/var/data", mode: "rw" },
        { type: "bind", host: "/abs/logs", container: "/logs", mode: "ro" },
        { type: "bind", host: "/projects/shop/conf/x", container: "/x", mode: "rw" },
      ]);
    });

    it("reads a bare name as a named volume and a lone container path as an anonymous one, as compose does", () => {
      assert.deepEqual(
        validate({ volumes: ["pgdata:/var/lib/postgresql/data", "cache.v2:/c:ro", "/scratch"] }).volumes,
        [
          { type: "volume", name: "pgdata", container: "/var/lib/postgresql/data", mode: "rw" },
          { type: "volume", name: "cache.v2", container: "/c", mode: "ro" },
          { type: "anonymous", container: "/scratch" },
        ],
      );
    });

    it("accepts compose's long form, inferring the type from the source", () => {
      const definition = validate({
        volumes: [
          { source: "pgdata", target: "/data" },
          { type: "bind", source: "./conf", target: "/conf", readOnly: true },
          { target: "/tmp/cache" },
        ],
      });
      assert.deepEqual(definition.volumes, [
        { type: "volume", name: "pgdata", container: "/data", mode: "rw" },
        { type: "bind", host: "/projects/shop/conf", container: "/conf", mode: "ro" },
        { type: "anonymous", container: "/tmp/cache" },
      ]);
    });

    it("accepts the object form, with a path or a volume name as the key", () => {
      assert.deepEqual(
        validate({ volumes: { "conf/nginx": { bind: "/etc/nginx", mode: "ro" }, pgdata: { bind: "/data" } } }).volumes,
        [
          { type: "bind", host: "/projects/shop/conf/nginx", container: "/etc/nginx", mode: "ro" },
          { type: "volume", name: "pgdata", container: "/data", mode: "rw" },
        ],
      );
    });

    it("refuses a source that is neither a path nor a volume name", async () => {
      await expectInvalid({ volumes: ["my data:/data"] }, "volumes[0]", '"my data" is neither a path');
    });

    it("refuses a lone path that is not absolute", async () => {
      await expectInvalid({ volumes: ["./data"] }, "volumes[0]", 'the container path "./data" must be absolute');
    });

    it("refuses a container path mounted twice", async () => {
      await expectInvalid({ volumes: ["a:/data", "./b:/data"] }, "volumes[1]", "/data is mounted twice");
    });

    it("refuses a long form that contradicts itself or has unknown keys", async () => {
      await expectInvalid(
        { volumes: [{ type: "bind", source: "pgdata", target: "/d" }] },
        "volumes[0]",
        "is a volume name",
      );
      await expectInvalid(
        { volumes: [{ source: "pgdata", target: "/d", mode: "ro" }] },
        "volumes[0]",
        'unknown key "mode"',
      );
      await expectInvalid({ volumes: [{ source: "pgdata" }] }, "volumes[0]", "target: expected a container path");
    });

    it("refuses a string with too many parts", async () => {
      await expectInvalid({ volumes: ["a:/b:ro:x"] }, "volumes[0]", 'got "a:/b:ro:x"');
    });

    it("refuses an unknown mode", async () => {
      await expectInvalid({ volumes: ["./data:/data:rx"] }, "volumes[0]", 'unknown mount option "rx" in "rx"');
    });

    it("refuses a relative container path", async () => {
      await expectInvalid({ volumes: ["./data:data"] }, "volumes[0]", 'the container path "data" must be absolute');
    });

    it("refuses an item that is neither a string nor an object", async () => {
      await expectInvalid({ volumes: ["./a:/a", 7] }, "volumes[1]", "got number 7");
    });

    it("refuses an object-form entry without bind", async () => {
      await expectInvalid({ volumes: { "./data": { mode: "ro" } } }, "volumes../data", "expected { bind:");
      await expectInvalid({ volumes: { "./data": "/data" } }, "volumes../data", 'got "/data"');
    });

    it("refuses an object-form entry with a bad mode", async () => {
      await expectInvalid(
        { volumes: { "./data": { bind: "/data", mode: "rwx" } } },
        "volumes../data",
        'mode must be "ro" or "rw", got "rwx"',
      );
    });

    it("refuses volumes that are neither a list nor an object", async () => {
      await expectInvalid({ volumes: "./data:/data" }, "volumes", "expected [");
    });
  });

  describe("other fields", () => {
    it("refuses an unknown stop signal and lists the known ones", async () => {
      await expectInvalid(
        { stopSignal: "SIGHUP" },
        "stopSignal",
        'expected one of SIGINT, SIGTERM, SIGKILL, SIGQUIT, got "SIGHUP"',
      );
    });

    it("accepts every known stop signal", () => {
      for (const signal of ["SIGINT", "SIGTERM", "SIGKILL", "SIGQUIT"]) {
        assert.equal(validate({ stopSignal: signal }).stopSignal, signal);
      }
    });

    it("takes dependencies given as classes by their service name", () => {
      class Database extends Service {
        name = "appdb";
        image = "postgres:16";
      }
      assert.deepEqual(validate({ dependencies: [Database, "cache"] }).dependencies, ["appdb", "cache"]);
    });

    it("refuses a dependency that is neither a name nor a Service class", async () => {
      await expectInvalid({ dependencies: ["db", 3] }, "dependencies[1]", "expected a service name or a Service class");
    });

    it("refuses dependencies that are not a list", async () => {
      await expectInvalid({ dependencies: "db" }, "dependencies", "expected an array of service names or classes");
    });

    it("turns env numbers and booleans into strings and refuses objects", async () => {
      assert.deepEqual(validate({ env: { PORT: 80, DEBUG: true, ROLE: "api" } }).env, {
        PORT: "80",
        DEBUG: "true",
        ROLE: "api",
      });
      await expectInvalid({ env: { CONFIG: { a: 1 } } }, "env.CONFIG", "expected a string, number or boolean");
    });

    it("splits a string cmd like a shell, keeping $VAR for the container", () => {
      assert.deepEqual(validate({ cmd: `sh -c 'echo "$HOME" done'` }).cmd, ["sh", "-c", 'echo "$HOME" done']);
    });

    it("refuses a cmd with shell operators", async () => {
      await expectInvalid({ cmd: "a && b" }, "cmd", "contains shell operators");
    });

    it("resolves buildFrom against the services file's folder and keeps build args as strings", () => {
      assert.deepEqual(validate({ buildFrom: "app", dockerfile: "Dockerfile.dev", buildArgs: { V: 2 } }).build, {
        context: "/projects/shop/app",
        dockerfile: "Dockerfile.dev",
        args: { V: "2" },
      });
    });

    it("takes the stage to build, only with buildFrom", async () => {
      assert.equal(validate({ buildFrom: "app", buildTarget: "dev" }).build?.target, "dev");
      await expectInvalid({ buildFrom: "app", buildTarget: 3 }, "buildTarget", "expected the name of a stage");
      await expectInvalid({ buildTarget: "dev" }, "buildTarget", "needs buildFrom");
    });

    it("refuses a build arg that is not a string or number", async () => {
      await expectInvalid(
        { buildFrom: "app", buildArgs: { V: true } },
        "buildArgs.V",
        "expected a string, got boolean true",
      );
    });

    it("takes pullPolicy missing, always or never, missing when unset", () => {
      assert.equal(validate({}).pullPolicy, "missing");
      for (const policy of ["missing", "always", "never"])
        assert.equal(validate({ pullPolicy: policy }).pullPolicy, policy);
    });

    it("refuses a pullPolicy that is not one of the three", async () => {
      await expectInvalid(
        { pullPolicy: "if-not-present" },
        "pullPolicy",
        'expected one of "missing", "always", "never", got "if-not-present"',
      );
    });

    it("refuses alwaysStartNew that is not a boolean", async () => {
      await expectInvalid({ alwaysStartNew: "yes" }, "alwaysStartNew", 'expected true or false, got "yes"');
    });

    it("refuses a hook that is not a function", async () => {
      await expectInvalid({ ping: true }, "ping", "expected a function, got boolean true");
    });
  });
});
