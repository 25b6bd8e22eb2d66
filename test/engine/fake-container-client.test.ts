import { describe } from "node:test";
import { FakeContainerClient } from "../fakes/fake-container-client.js";
import { containerClientContract } from "./container-client-contract.js";

const image = "boss-busybox:latest";

describe("FakeContainerClient keeps the engine contract", () => {
  containerClientContract(() => {
    const client = new FakeContainerClient([image]);
    return {
      client,
      image,
      exitingCommand(service, exitCode, lines) {
        client.crashOnStart.set(service, { exitCode, logs: lines.map((line) => `${line}\n`).join("") });
        return ["sh", "-c", `exit ${exitCode}`];
      },
      cleanUp: () => Promise.resolve(),
    };
  });
});
