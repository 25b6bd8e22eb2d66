/**
 * The kernel's file locks, through `fs-native-extensions` (group-lock.ts says why that package). Its own
 * loader (require-addon) finds the prebuilt addon through a module resolver and a semver parser that take
 * about 10 ms, a tenth of a `boss start` that changes nothing; the addon the package ships for this platform
 * is opened directly instead, and through the package's loader when it is not where the package keeps it.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export interface NativeLocks {
  /** Takes the exclusive lock on the whole file, or returns false at once when another process holds it. */
  tryLock(fd: number): boolean;
  unlock(fd: number): void;
}

/** The addon's own calls (what the package's index.js wraps): a range of the file, 0 and 0 for all of it. */
interface LockBinding {
  tryLock(fd: number, offset: number, length: number, exclusive: boolean): void;
  unlock(fd: number, offset: number, length: number): void;
}

/** Throws when neither the shipped addon nor the package loads (an unsupported platform). */
export function loadNativeLocks(): NativeLocks {
  const require = createRequire(import.meta.url);
  const binding = shippedBinding(require);
  if (!binding) return require("fs-native-extensions") as NativeLocks;
  return {
    tryLock(fd) {
      try {
        binding.tryLock(fd, 0, 0, true);
        return true;
      } catch (error) {
        if ((error as { code?: unknown }).code === "EAGAIN") return false;
        throw error;
      }
    },
    unlock: (fd) => binding.unlock(fd, 0, 0),
  };
}

function shippedBinding(require: NodeJS.Require): LockBinding | undefined {
  try {
    const root = dirname(require.resolve("fs-native-extensions/package.json"));
    const addon = { exports: {} };
    process.dlopen(addon, join(root, "prebuilds", `${process.platform}-${process.arch}`, "fs-native-extensions.node"));
    const binding = addon.exports as Partial<LockBinding>;
    return typeof binding.tryLock === "function" && typeof binding.unlock === "function"
      ? (binding as LockBinding)
      : undefined;
  } catch {
    return undefined;
  }
}
