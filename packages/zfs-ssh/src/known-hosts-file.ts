import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";

/** One key line of a known_hosts file. */
export interface KnownHostEntry {
  readonly file: string;
  /** 1-based line number, for messages (`~/.ssh/known_hosts:12`). */
  readonly line: number;
  readonly marker: "revoked" | "cert-authority" | undefined;
  /** The host field: comma-separated patterns, or one hashed `|1|salt|hash` name. */
  readonly hosts: string;
  /** The key blob decoded from the base64 field. */
  readonly key: Buffer;
}

/** Every key line of a known_hosts file; a missing or unreadable file has none, as for OpenSSH. */
export function readKnownHosts(file: string): KnownHostEntry[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return [];
  }
  const entries: KnownHostEntry[] = [];
  text.split("\n").forEach((raw, index) => {
    const fields = raw.trim().split(/\s+/);
    if (fields[0] === undefined || fields[0] === "" || fields[0].startsWith("#")) return;
    const marker =
      fields[0] === "@revoked" ? "revoked" : fields[0] === "@cert-authority" ? "cert-authority" : undefined;
    if (fields[0].startsWith("@") && marker === undefined) return;
    const [hosts, , base64] = marker === undefined ? fields : fields.slice(1);
    if (hosts === undefined || base64 === undefined) return;
    entries.push({ file, line: index + 1, marker, hosts, key: Buffer.from(base64, "base64") });
  });
  return entries;
}

/**
 * True when a known_hosts host field names `name` (`host` or `[host]:port`):
 * a hashed entry by its HMAC-SHA1, else by OpenSSH's pattern rules (`*`, `?`,
 * case-insensitive, a matching `!pattern` excludes the entry).
 */
export function hostFieldMatches(hosts: string, name: string): boolean {
  if (hosts.startsWith("|1|")) return hashedNameMatches(hosts, name);
  let matched = false;
  for (const pattern of hosts.split(",")) {
    const negated = pattern.startsWith("!");
    if (!globMatches(negated ? pattern.slice(1) : pattern, name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

function hashedNameMatches(field: string, name: string): boolean {
  const [, , salt, hash] = field.split("|");
  if (salt === undefined || hash === undefined) return false;
  const digest = createHmac("sha1", Buffer.from(salt, "base64")).update(name).digest("base64");
  return digest === hash;
}

function globMatches(pattern: string, name: string): boolean {
  const source = pattern
    .split("")
    .map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[\\^$.|+()[\]{}]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`, "i").test(name);
}
