import type Docker from "dockerode";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { portConfig, publishedPorts, toSummary } from "../../src/engine/docker-objects.js";

const networkId = "a".repeat(64);

/** A list entry as Docker gives it for a container created on the network `networkId` and never started. */
function listEntry(more: Partial<Docker.ContainerInfo> = {}): Docker.ContainerInfo {
  return {
    Id: "c".repeat(64),
    Names: ["/shop-web-1"],
    Image: "busybox",
    ImageID: "sha256:b",
    Command: "sh",
    Created: 1700000000,
    Ports: [],
    Labels: { "boss.group": "shop", "boss.service": "web" },
    State: "created",
    Status: "Created",
    HostConfig: { NetworkMode: networkId },
    NetworkSettings: { Networks: { "boss-shop": { NetworkID: "" } as Docker.NetworkInfo } },
    Mounts: [],
    ...more,
  };
}

describe("toSummary", () => {
  it("names the network a never-started container was created on (Docker lists it without an id yet)", () => {
    assert.deepEqual(toSummary(listEntry()).networks, [{ name: "boss-shop", id: networkId }]);
  });

  it("takes the network's id as Docker lists it once the container ran", () => {
    const ran = listEntry({
      State: "exited",
      HostConfig: { NetworkMode: "boss-shop" },
      NetworkSettings: { Networks: { "boss-shop": { NetworkID: "b".repeat(64) } as Docker.NetworkInfo } },
    });
    assert.deepEqual(toSummary(ran).networks, [{ name: "boss-shop", id: "b".repeat(64) }]);
  });

  it("reads the labels, with an empty config as {} for a container made without one", () => {
    const summary = toSummary(listEntry());
    assert.deepEqual(
      [summary.name, summary.group, summary.service, summary.configHash, summary.config, summary.status],
      ["shop-web-1", "shop", "web", "", "{}", "created"],
    );
  });

  it("tells an anonymous volume (a 64-hex name) from a named one and a bind mount", () => {
    const anonymous = "d".repeat(64);
    const mounts = toSummary(
      listEntry({
        Mounts: [
          {
            Type: "volume",
            Name: anonymous,
            Source: "/v/a",
            Destination: "/cache",
            Driver: "local",
            Mode: "",
            RW: true,
            Propagation: "",
          },
          {
            Type: "volume",
            Name: "shop_data",
            Source: "/v/d",
            Destination: "/data",
            Driver: "local",
            Mode: "",
            RW: true,
            Propagation: "",
          },
          {
            Type: "bind",
            Name: "",
            Source: "/home/x",
            Destination: "/x",
            Driver: "",
            Mode: "ro",
            RW: false,
            Propagation: "rprivate",
          },
        ],
      }),
    ).mounts;
    assert.deepEqual(mounts, [
      { type: "volume", name: anonymous, source: "/v/a", target: "/cache", readOnly: false, anonymous: true },
      { type: "volume", name: "shop_data", source: "/v/d", target: "/data", readOnly: false, anonymous: false },
      { type: "bind", source: "/home/x", target: "/x", readOnly: true, anonymous: false },
    ]);
  });
});

describe("portConfig", () => {
  it("publishes on every address unless a host ip is given, at the engine's pick unless a host port is", () => {
    assert.deepEqual(
      portConfig([
        { containerPort: 80, protocol: "tcp", hostPort: 8080 },
        { containerPort: 80, protocol: "tcp", hostIp: "127.0.0.1" },
        { containerPort: 53, protocol: "udp", hostPort: 5353 },
      ]),
      {
        ExposedPorts: { "80/tcp": {}, "53/udp": {} },
        PortBindings: {
          "80/tcp": [
            { HostIp: "", HostPort: "8080" },
            { HostIp: "127.0.0.1", HostPort: "" },
          ],
          "53/udp": [{ HostIp: "", HostPort: "5353" }],
        },
      },
    );
  });
});

describe("publishedPorts", () => {
  it("reads inspect's ports as structured ports, each once, every address as 0.0.0.0, sctp left out", () => {
    assert.deepEqual(
      publishedPorts({
        "8080/tcp": [
          { HostIp: "127.0.0.1", HostPort: "49153" },
          { HostIp: "127.0.0.1", HostPort: "49153" },
        ],
        "80/tcp": [
          { HostIp: "", HostPort: "8080" },
          { HostIp: "::", HostPort: "8080" },
        ],
        "53/udp": [{ HostIp: "0.0.0.0", HostPort: "5353" }],
        "9/sctp": [{ HostIp: "0.0.0.0", HostPort: "9" }],
      }),
      [
        { containerPort: 8080, protocol: "tcp", hostIp: "127.0.0.1", hostPort: 49153 },
        { containerPort: 80, protocol: "tcp", hostIp: "0.0.0.0", hostPort: 8080 },
        { containerPort: 80, protocol: "tcp", hostIp: "::", hostPort: 8080 },
        { containerPort: 53, protocol: "udp", hostIp: "0.0.0.0", hostPort: 5353 },
      ],
    );
  });

  it("reads no ports (a container that is not running) as none", () => {
    assert.deepEqual(publishedPorts({}), []);
    assert.deepEqual(publishedPorts(undefined), []);
  });
});
