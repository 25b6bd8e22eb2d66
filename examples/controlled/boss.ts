/**
 * A service whose image embeds the Container Control Core, and a plain client
 * that depends on it. The group is "controlled" (this folder's name).
 *
 *   boss ccc init feed              # once: copies the core into ./feed, the image's build folder
 *   boss start                      # builds the feed image, starts the feed through its core, then the client
 *   boss status                     # both services; the feed's workload with its cpu and memory
 *   boss metrics feed --watch 2     # the core's figures, and the adapter's (requests, bytes_sent)
 *   boss update feed bandwidth_limit=5   # reshape the feed's bandwidth live (Mbit/s)
 *   boss stop                       # POST /api/stop (graceful, post_stop), then the containers
 *
 * Without Docker Hub, point the base images at local ones:
 *   NODE_IMAGE=boss-node:20 BUSYBOX_IMAGE=boss-busybox:latest boss start
 */
import { randomUUID } from "node:crypto";
import { Context, Service } from "boss";

const nodeImage = process.env.NODE_IMAGE ?? "node:20-bookworm-slim";
const busybox = process.env.BUSYBOX_IMAGE ?? "busybox:1.36";

/** An HTTP server on feed:9000 whose bandwidth the core shapes; it serves the owner it was started for. */
export class Feed extends Service {
  name = "feed";
  image = "boss-controlled-feed:latest";
  buildFrom = "feed";
  buildArgs = { BASE_IMAGE: nodeImage };
  capAdd = ["NET_ADMIN"]; // traffic shaping with tc; nothing more privileged
  // POSTed to the core's /api/start once the container runs; {owner_id} comes from the Context.
  control = { port: 8080, payload: { owner: "{owner_id}", bandwidth_limit: 20 } };

  preStart() {
    // Made once, kept in .boss-context: a new feed container serves the same owner.
    if (!Context.has("owner_id")) Context.set("owner_id", `owner-${randomUUID().slice(0, 8)}`);
  }
}

/** Asks the feed whom it serves every 2 seconds (docker logs shows the answers). */
export class Client extends Service {
  name = "client";
  image = busybox;
  dependencies = [Feed];
  cmd = [
    "sh",
    "-c",
    "trap 'exit 0' TERM INT; while true; do wget -q -O - http://feed:9000/ || echo 'feed not answering'; sleep 2 & wait; done",
  ];
}
