/**
 * What readme-commands.test.ts reads out of the README and docs/: the shell
 * blocks' commands, the command synopsis, and every relative link with the
 * headings it may point at (GitHub's anchors).
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { repoRoot } from "./harness.js";

/** The markdown files the README's links lead to, and the README itself. */
export function documentationFiles(): string[] {
  const docs = join(repoRoot, "docs");
  const inDocs = existsSync(docs)
    ? readdirSync(docs, { recursive: true, encoding: "utf8" })
        .filter((name) => name.endsWith(".md"))
        .map((name) => join(docs, name))
    : [];
  return [join(repoRoot, "README.md"), join(repoRoot, "bench", "README.md"), ...inDocs.sort()];
}

/** The fenced blocks of a markdown text whose info string is `lang` ("" for none), in order. */
export function fencedBlocks(markdown: string, lang: string): string[][] {
  const blocks: string[][] = [];
  let current: string[] | undefined;
  let inOther = false;
  for (const line of markdown.split("\n")) {
    const fence = /^```\s*(\S*)\s*$/.exec(line);
    if (fence && current) {
      blocks.push(current);
      current = undefined;
    } else if (fence && inOther) {
      inOther = false;
    } else if (fence) {
      if (fence[1] === lang) current = [];
      else inOther = true;
    } else if (current) {
      current.push(line);
    }
  }
  return blocks;
}

/** Each ```sh block as its commands: the lines without their comments, blank lines left out. */
export function shellCommands(markdown: string): string[][] {
  return fencedBlocks(markdown, "sh").map((block) => block.map(withoutComment).filter(Boolean));
}

/** A shell line without its trailing `# comment` (a `#` inside quotes, or inside a word, is not one). */
export function withoutComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === "#" && (i === 0 || /\s/.test(line[i - 1] ?? ""))) {
      return line.slice(0, i).trim();
    }
  }
  return line.trim();
}

/** `NAME=value` pairs of an `export A=1 B=2` line. */
export function exportedValues(line: string): Record<string, string> {
  const match = /^export\s+(.*)$/.exec(line.trim());
  if (!match?.[1]) return {};
  return Object.fromEntries(
    match[1]
      .split(/\s+/)
      .map((pair) => pair.split("="))
      .map(([name = "", ...value]) => [name, value.join("=")]),
  );
}

/** One line of a command synopsis: the command's words and the long options it shows. */
export interface SynopsisLine {
  command: string;
  options: string[];
}

/** `boss start [--exclude a,b] …` lines → command and `--options`. */
export function synopsisLines(lines: readonly string[]): SynopsisLine[] {
  return lines
    .filter((line) => line.startsWith("boss "))
    .map((line) => {
      const words = line.split(/\s+/).slice(1);
      const command =
        words
          .slice(
            0,
            words.findIndex((w) => !/^[a-z]+$/.test(w)),
          )
          .join(" ") || words.join(" ");
      const options = [...line.matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]);
      return { command, options: [...new Set(options)].sort() };
    });
}

/** The commands `boss --help` lists, with their long options (`[--tail,-n #0]` → `--tail`). */
export function helpSynopsis(help: string): SynopsisLine[] {
  return help
    .split("\n")
    .map((line) => /^\s+boss ((?:[a-z]+ )*[a-z]+)(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .filter((match) => match[1] !== "<command>")
    .map(([, command = "", rest = ""]) => {
      const options = [...rest.matchAll(/\[(-[^\]\s]*)/g)].flatMap(([, names = ""]) =>
        names.split(",").filter((o) => o.startsWith("--")),
      );
      return { command, options: [...new Set(options)].sort() };
    });
}

/** A relative link in a markdown file that leads nowhere: the file, the link, and why. */
export interface BrokenLink {
  file: string;
  link: string;
  problem: string;
}

/** Every relative link of `file` whose target file or heading does not exist. */
export function brokenLinks(file: string): BrokenLink[] {
  const text = withoutCode(readFileSync(file, "utf8"));
  const broken: BrokenLink[] = [];
  for (const [, link = ""] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/i.test(link)) continue; // http:, https:, mailto:
    const [path = "", anchor] = link.split("#");
    const target = path ? resolve(dirname(file), path) : file;
    const where = { file: relative(repoRoot, file), link };
    if (!existsSync(target)) broken.push({ ...where, problem: `no file ${relative(repoRoot, target)}` });
    else if (anchor !== undefined && !target.endsWith(".md"))
      broken.push({ ...where, problem: "an anchor into a file that is not markdown" });
    else if (anchor !== undefined && !headingAnchors(readFileSync(target, "utf8")).includes(anchor))
      broken.push({ ...where, problem: `no heading #${anchor} in ${relative(repoRoot, target)}` });
  }
  return broken;
}

/** The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces as `-`, repeats numbered. */
export function headingAnchors(markdown: string): string[] {
  const seen = new Map<string, number>();
  return fencedFree(markdown)
    .split("\n")
    .flatMap((line) => {
      const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
      return heading === undefined ? [] : [heading];
    })
    .map((heading) => {
      const base = heading
        .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, "")
        .replace(/\s/g, "-");
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      return count ? `${base}-${count}` : base;
    });
}

/** The text without fenced blocks, and inline code reduced to a placeholder (so code is never read as a link). */
function withoutCode(markdown: string): string {
  return fencedFree(markdown).replace(/`[^`\n]*`/g, "code");
}

function fencedFree(markdown: string): string {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```\s*$/gm, "");
}
