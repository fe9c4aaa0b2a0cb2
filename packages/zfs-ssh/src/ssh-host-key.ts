import { createHash } from "node:crypto";

/** The name a host key is filed under in known_hosts: `host`, or `[host]:port` off port 22. */
export function knownHostsName(hostName: string, port: number): string {
  const host = hostName.toLowerCase();
  return port === 22 ? host : `[${host}]:${port}`;
}

/** The key type a public key blob declares (`ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`). */
export function hostKeyType(blob: Buffer): string {
  if (blob.length < 4) return "unknown";
  const length = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + length).toString("latin1");
}

/** The fingerprint OpenSSH prints: `SHA256:` and the unpadded base64 of the blob's SHA-256. */
export function hostKeyFingerprint(blob: Buffer): string {
  return `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
}

/** How OpenSSH names a key type in messages: ED25519, ECDSA, RSA. */
export function hostKeyKind(type: string): string {
  if (type === "ssh-ed25519") return "ED25519";
  if (type.startsWith("ecdsa-")) return "ECDSA";
  if (type === "ssh-rsa" || type.startsWith("rsa-")) return "RSA";
  return type;
}

/** The ssh2 host key algorithms that verify a key of this type. */
export function hostKeyAlgorithms(type: string): readonly string[] {
  return type === "ssh-rsa" ? ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"] : [type];
}

/** Every host key algorithm ssh2 supports, in its default order of preference. */
export const SSH2_HOST_KEY_ALGORITHMS = [
  "ssh-ed25519",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "rsa-sha2-512",
  "rsa-sha2-256",
  "ssh-rsa",
] as const;

/**
 * Host key algorithms to offer: those of the key types already known for the
 * host first, as OpenSSH orders them, so a host with several keys presents
 * the one known_hosts can vouch for.
 */
export function preferredHostKeyAlgorithms(knownTypes: readonly string[]): string[] {
  const known = knownTypes
    .flatMap(hostKeyAlgorithms)
    .filter((name) => (SSH2_HOST_KEY_ALGORITHMS as readonly string[]).includes(name));
  return [...new Set([...known, ...SSH2_HOST_KEY_ALGORITHMS])];
}
