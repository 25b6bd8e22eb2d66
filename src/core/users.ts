// Looks up run_as_user in /etc/passwd and /etc/group, so the workload gets the
// user's uid, primary gid and every supplementary group it is listed in.
import { readFileSync } from "node:fs";

export interface UserIdentity {
  name: string;
  uid: number;
  gid: number;
  /** Supplementary group ids, the primary gid first. */
  groups: number[];
  home: string;
}

export class UnknownUserError extends Error {
  override readonly name = "UnknownUserError";
}

function rows(text: string): string[][] {
  return text
    .split("\n")
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => line.split(":"));
}

/** Resolves a user by name (or a numeric uid) from passwd/group file contents. */
export function resolveUser(user: string, passwdText: string, groupText: string): UserIdentity {
  const entry = rows(passwdText).find((row) => row[0] === user || (/^\d+$/.test(user) && row[2] === user));
  if (!entry) throw new UnknownUserError(`user ${JSON.stringify(user)} is not in /etc/passwd`);
  const [name = user, , uid = "", gid = "", , home = "/"] = entry;
  const primary = Number(gid);
  const groups = [primary];
  for (const row of rows(groupText)) {
    const members = (row[3] ?? "").split(",").map((m) => m.trim());
    const id = Number(row[2]);
    if (members.includes(name) && Number.isInteger(id) && !groups.includes(id)) groups.push(id);
  }
  return { name, uid: Number(uid), gid: primary, groups, home: home || "/" };
}

export function lookupUser(user: string, etc = "/etc"): UserIdentity {
  const read = (file: string): string => {
    try {
      return readFileSync(`${etc}/${file}`, "utf8");
    } catch {
      return "";
    }
  };
  return resolveUser(user, read("passwd"), read("group"));
}
