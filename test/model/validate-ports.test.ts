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

function portsOf(ports: unknown) {
  const instance = Object.assign(new Probe(), { ports });
  return validateService(instance, "WebApp", file, "/projects/shop").ports;
}

function expectInvalid(ports: unknown, field: string, expected: string) {
  return expectUserError(() => portsOf(ports), [`${file}: WebApp: ${field}: `, expected]);
}

describe("ports, object form", () => {
  it("takes a host port, an address and port, 0 (engine picks), and ranges", () => {
    assert.deepEqual(portsOf({ 5432: 5433, 80: "127.0.0.1:8080", 3000: 0, "53/udp": "5353" }), [
      { containerPort: 80, protocol: "tcp", hostPort: 8080, hostIp: "127.0.0.1" },
      { containerPort: 3000, protocol: "tcp", hostPort: 0 },
      { containerPort: 5432, protocol: "tcp", hostPort: 5433 },
      { containerPort: 53, protocol: "udp", hostPort: 5353 },
    ]);
    assert.deepEqual(portsOf({ "9000-9001": "127.0.0.1:9100-9101", 81: "[::1]:0" }), [
      { containerPort: 81, protocol: "tcp", hostPort: 0, hostIp: "::1" },
      { containerPort: 9000, protocol: "tcp", hostPort: 9100, hostIp: "127.0.0.1" },
      { containerPort: 9001, protocol: "tcp", hostPort: 9101, hostIp: "127.0.0.1" },
    ]);
  });

  it("refuses bad numbers, addresses and keys", async () => {
    await expectInvalid(
      { 80: 80.5 },
      "ports.80",
      "host port must be an integer 1-65535 (or 0: the engine picks), got number 80.5",
    );
    await expectInvalid({ 80: 70000 }, "ports.80", "got number 70000");
    await expectInvalid({ 80: "80000" }, "ports.80", 'the host port "80000" must be a port 1-65535');
    await expectInvalid({ 80: "localhost:8080" }, "ports.80", '"localhost" is not an IP address');
    await expectInvalid({ 80: true }, "ports.80", "got boolean true");
    await expectInvalid({ 70000: 80 }, "ports.70000", 'container port "70000" must be a port 1-65535');
    await expectInvalid({ "80/sctp": 80 }, "ports.80/sctp", 'container port "80/sctp"');
    await expectInvalid({ "9009-9000": 0 }, "ports.9009-9000", 'container port "9009-9000"');
  });

  it("refuses ranges of different sizes and a host port published twice", async () => {
    await expectInvalid(
      { "9000-9009": "9000-9001" },
      "ports.9000-9009",
      "the host range 9000-9001 and the container range 9000-9009 differ in size",
    );
    await expectInvalid(
      { 80: 8080, 81: "127.0.0.1:8080" },
      "ports.81",
      "host port 8080/tcp is published twice (for container ports 80 and 81)",
    );
  });

  it("refuses what is neither an object nor an array", async () => {
    await expectInvalid(80, "ports", "expected an object of containerPort: hostPort");
  });
});

describe("ports, compose's short syntax", () => {
  it("reads every form compose writes", () => {
    assert.deepEqual(
      portsOf(["5433:5432", "127.0.0.1:8080:80", "3000", 3001, "53:53/udp", "[::1]:81:80", "127.0.0.1::82"]),
      [
        { containerPort: 5432, protocol: "tcp", hostPort: 5433 },
        { containerPort: 80, protocol: "tcp", hostPort: 8080, hostIp: "127.0.0.1" },
        { containerPort: 3000, protocol: "tcp", hostPort: 0 },
        { containerPort: 3001, protocol: "tcp", hostPort: 0 },
        { containerPort: 53, protocol: "udp", hostPort: 53 },
        { containerPort: 80, protocol: "tcp", hostPort: 81, hostIp: "::1" },
        { containerPort: 82, protocol: "tcp", hostPort: 0, hostIp: "127.0.0.1" },
      ],
    );
    assert.deepEqual(portsOf(["9000-9001:9100-9101/udp", "7000-7001"]), [
      { containerPort: 9100, protocol: "udp", hostPort: 9000 },
      { containerPort: 9101, protocol: "udp", hostPort: 9001 },
      { containerPort: 7000, protocol: "tcp", hostPort: 0 },
      { containerPort: 7001, protocol: "tcp", hostPort: 0 },
    ]);
  });

  it("refuses bad items, naming the index", async () => {
    await expectInvalid(["5433:5432", "x:80"], "ports[1]", '"x:80": the host port "x" must be a port');
    await expectInvalid(["80/sctp"], "ports[0]", '"80/sctp": the protocol after "/" must be tcp or udp');
    await expectInvalid(["8080:"], "ports[0]", '"8080:": the container port "" must be a port');
    await expectInvalid(["1.2.3:80:80"], "ports[0]", '"1.2.3" is not an IP address');
    await expectInvalid(["9000-9002:9000-9001"], "ports[0]", "differ in size");
    await expectInvalid([{ 80: 80 }], "ports[0]", "expected a compose port string such as");
  });

  it("refuses a duplicate", async () => {
    await expectInvalid(["8080:80", "8080:81"], "ports", "host port 8080/tcp is published twice");
    await expectInvalid(["80", "80"], "ports", "container port 80/tcp is listed twice");
    // The same container port on two host ports, or one host port for tcp and udp, is fine.
    assert.equal(portsOf(["8080:80", "8081:80", "53:53", "53:53/udp"]).length, 4);
  });
});
