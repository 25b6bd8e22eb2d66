/**
 * Three services on one network: a store serving files from this folder,
 * a cache, and a web page built from ./web that depends on both and shows a
 * greeting id made by the store's postStart hook.
 *
 *   boss start          # start everything, each service once its dependencies are ready
 *   boss reload web     # after editing web/: rebuild and restart it
 *   boss stop --remove  # stop and remove containers, network and .boss-context
 */
import { randomUUID } from "node:crypto";
import { get } from "node:http";
import { Context, Service, group, onStartServices } from "boss";

group("hello");

// Docker Hub's busybox by default; on a machine without a registry, a locally
// built one (scripts/build-base-images.sh) through BUSYBOX_IMAGE.
const busybox = process.env.BUSYBOX_IMAGE ?? "busybox:1.36";

/** Serves ./store-data (mounted read-only) over HTTP on the group network as http://store/. */
export class Store extends Service {
  name = "store";
  image = busybox;
  volumes = ["./store-data:/www:ro"];
  cmd = ["sh", "-c", "httpd -p 80 -h /www && trap 'exit 0' TERM INT && while true; do sleep 1 & wait; done"];

  postStart() {
    // Made once, when the store's container is created; kept in .boss-context.
    Context.set("greeting_id", randomUUID().slice(0, 8));
  }
}

export class Cache extends Service {
  name = "cache";
  image = busybox;
  cmd = ["sh", "-c", "trap 'exit 0' TERM INT && while true; do sleep 1 & wait; done"];
}

export class Web extends Service {
  name = "web";
  image = "boss-hello-web:latest";
  buildFrom = "web";
  buildArgs = { BASE_IMAGE: busybox };
  dependencies = [Store, Cache];
  ports = { 80: 8080 };
  env = { GREETING_ID: "{greeting_id}", STORE_URL: "http://store/" };

  ping() {
    return httpOk("http://127.0.0.1:8080/");
  }
}

onStartServices((names) => {
  console.log(`hello: ${names.length} services up — open http://127.0.0.1:8080/`);
});

/** True when the URL answers 200 within a second. */
function httpOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = get(url, { timeout: 1000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on("timeout", () => request.destroy());
    request.on("error", () => resolve(false));
  });
}
