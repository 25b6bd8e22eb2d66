import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A fresh folder under the OS temp dir; `remove()` deletes it with everything in it. */
export interface TempDir {
  path: string;
  /** Writes `text` to `name` (folders created as needed) and returns the file's absolute path. */
  write(name: string, text: string): string;
  /** Deletes the folder with everything in it; a property, so `after(dir.remove)` works unbound. */
  remove: () => void;
}

export function makeTempDir(prefix = "boss-test-"): TempDir {
  const path = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  return {
    path,
    write(name, text) {
      const file = join(path, name);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      return file;
    },
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}
