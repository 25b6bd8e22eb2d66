/**
 * What an export could not carry over, per service and field: said at the top of the output and on stderr,
 * so that nothing is dropped silently.
 */
export interface ExportNote {
  /** The service, or undefined for the group as a whole. */
  service?: string;
  field: string;
  message: string;
}

/** Collects notes while the manifests are built. */
export class ExportNotes {
  readonly notes: ExportNote[] = [];

  add(service: string | undefined, field: string, message: string): void {
    this.notes.push({ ...(service === undefined ? {} : { service }), field, message });
  }
}

/** One note as a line: `todo.ping: ...`. */
export function noteText(note: ExportNote): string {
  return `${note.service === undefined ? note.field : `${note.service}.${note.field}`}: ${note.message}`;
}
