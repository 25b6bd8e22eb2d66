/** What the converter makes of a compose file before it is written out as TypeScript. */

/** A value a field can be written with: JSON, which is also valid TypeScript. */
export type FieldValue = string | number | boolean | null | FieldValue[] | { [key: string]: FieldValue };

/** One Service class to write. */
export interface ServiceDraft {
  /** The name in the compose file. */
  composeName: string;
  /** The boss service name (the compose name, made a DNS label when it was not one). */
  name: string;
  className: string;
  /** Fields of the class in the order they are written: `name` and `image` first. */
  fields: Array<[field: string, value: FieldValue]>;
  /** `ping = waitFor.healthy()`: a dependent waits for this service's healthcheck (`service_healthy`). */
  pingHealthy: boolean;
  /** What has no boss equivalent, as `key: value`, written as `// compose:` comments above the class. */
  kept: string[];
}

export interface GroupDraft {
  group: string;
  services: ServiceDraft[];
  /** Top-level keys without an equivalent, as `key: value`. */
  kept: string[];
  /** Notes for the person converting: each a line on stderr (what was dropped or changed, and where). */
  notes: string[];
}
