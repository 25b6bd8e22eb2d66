/**
 * boss finds services among a file's exports, so a `class Cache extends Service` without `export` silently never
 * starts (miniboss found every subclass). The module cannot show what it did not export, so the source is read:
 * a class that extends Service (or an exported service class) but is neither exported nor extended by another
 * class is reported by name.
 */
import { readFileSync } from "node:fs";
import type { LoadWarning } from "./unknown-fields.js";

// `class A extends B`, with what precedes it on its line, to tell `export class` and `export default class`.
const classDeclaration = /^([^\n]*?)\bclass\s+([A-Za-z_$][\w$]*)\s+extends\s+([A-Za-z_$][\w$.]*)/gm;

/** Service subclasses declared in `source` but not exported; `exported` are the names the module exports. */
export function unexportedServiceClasses(source: string, exported: ReadonlySet<string>): string[] {
  const declared = [...source.matchAll(classDeclaration)].map(([, before = "", name = "", base = ""]) => ({
    name,
    base: base.replace(/^.*\./, ""), // boss.Service
    exportedInline: /\bexport\b/.test(before),
  }));
  const serviceClasses = new Set(["Service", ...exported]);
  // A class extending a service class is one too (to a fixed point: chains in any order).
  for (let grew = true; grew;) {
    grew = false;
    for (const c of declared) {
      if (!serviceClasses.has(c.name) && serviceClasses.has(c.base)) {
        serviceClasses.add(c.name);
        grew = true;
      }
    }
  }
  const bases = new Set(declared.map((c) => c.base));
  // `export { Cache }` at the end of a file exports it too; such names are in `exported` already.
  return declared
    .filter((c) => c.name !== "Service" && serviceClasses.has(c.name))
    .filter((c) => !c.exportedInline && !exported.has(c.name) && !bases.has(c.name))
    .map((c) => c.name);
}

/** Warnings for the unexported service classes of `file`. */
export function unexportedServiceWarnings(file: string, exported: ReadonlySet<string>): LoadWarning[] {
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch {
    return [];
  }
  return unexportedServiceClasses(source, exported).map((name) => ({
    message: `${file}: class ${name} extends Service but is not exported, so it is not a service; write "export class ${name}"`,
    file,
    service: name,
  }));
}
