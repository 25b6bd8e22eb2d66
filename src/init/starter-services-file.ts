/** The boss.ts `boss init` writes: one service that works as it is, and where to go next. */
export function starterServicesFile(group: string): string {
  return `// A boss services file: each exported subclass of Service is one container (docs/services-file.md).
// \`boss start\` starts them in dependency order, \`boss status\` shows them, \`boss stop\` stops them.
// From a compose file: \`boss init --from-compose docker-compose.yml\`.
import { group, Service, waitFor } from "boss";

group(${JSON.stringify(group)});

export class Web extends Service {
  name = "web";
  image = "nginx:1.27";
  ports = { 80: 8080 }; // container port -> host port
  ping = waitFor.http({ port: 8080 }); // ready when GET / answers 2xx
}

// A second service would list the ones it needs first:
//   dependencies = ["web"];
`;
}
