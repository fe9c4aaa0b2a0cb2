import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { readAllSync } from "./descriptor-io.js";
import { emulatorErrors } from "./emulator-errors.js";

/*
 * Key material for `zfs create -o keyformat=…` and `zfs load-key`, read the
 * way libzfs_crypto reads it: from a `file://` keylocation, or from stdin for
 * `prompt`. The emulator keeps only a digest, to tell a wrong key at load-key.
 */

/** Reads the key at `keylocation`; `action` prefixes the error (`cannot create 'x'`, `Key load error`). */
export function readKeyMaterial(keylocation: string, action: string, dataset: string): Buffer {
  if (keylocation === "prompt") return readAllSync(0);
  if (!keylocation.startsWith("file://")) {
    throw emulatorErrors.keyMaterial(action, `Invalid keylocation '${keylocation}'.`, dataset);
  }
  try {
    // libzfs takes the rest literally (no URL decoding).
    return readFileSync(keylocation.slice("file://".length));
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "No such file or directory" : "Permission denied";
    throw emulatorErrors.keyMaterial(action, `Failed to open key material file: ${reason}`, dataset);
  }
}

/**
 * Checks material against its keyformat and returns what identifies it;
 * the problem text otherwise (zfs words: "Passphrase too short (min 8).").
 */
export function validateKey(keyformat: string, material: Buffer): { key: Buffer } | { problem: string } {
  if (keyformat === "raw") {
    if (material.length < 32) return { problem: "Raw key too short (expected 32)." };
    if (material.length > 32) return { problem: "Raw key too long (expected 32)." };
    return { key: material };
  }
  // A passphrase or hex key typed or stored as a line: the newline is not part of it.
  const line = material.toString("utf8").replace(/\r?\n$/, "");
  if (keyformat === "hex") {
    if (!/^[0-9a-fA-F]*$/.test(line)) return { problem: "Invalid hex key provided." };
    if (line.length !== 64)
      return { problem: `Hex key too ${line.length < 64 ? "short" : "long"} (expected 64).` };
    return { key: Buffer.from(line.toLowerCase(), "utf8") };
  }
  if (line.length < 8) return { problem: "Passphrase too short (min 8)." };
  if (line.length > 512) return { problem: "Passphrase too long (max 512)." };
  return { key: Buffer.from(line, "utf8") };
}

export function keyDigest(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex");
}
