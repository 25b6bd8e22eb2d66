// The public surface of `boss/core`: what an adapter author imports. Only the
// adapter contract lives here; the core's machinery is not a public API.
export { ApplicationAdapter } from "./adapter.js";
export type {
  AdapterMetricValue,
  AdapterMetrics,
  AdapterShape,
  JsonValue,
  MaybePromise,
  Payload,
  StartContext,
} from "./adapter.js";
