import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A key pair made by ssh-keygen, as OpenSSH stores it. */
export interface SshKeyPair {
  /** Path of the private key (OpenSSH format, mode 0600). */
  readonly privateKeyFile: string;
  /** Path of the `.pub` file beside it. */
  readonly publicKeyFile: string;
  /** The public key line without its comment: `ssh-ed25519 AAAA…`. */
  readonly publicKey: string;
}

/** Options of `generateSshKey`. */
export interface SshKeyOptions {
  /** Key type. Default `"ed25519"`. */
  readonly type?: "ed25519" | "ecdsa" | "rsa";
  /** Protect the private key with this passphrase. Default: none. */
  readonly passphrase?: string;
  /** Comment stored with the key. Default `"zrelay-test"`. */
  readonly comment?: string;
}

/** Creates a new key pair at `privateKeyFile` (which must not exist yet) with ssh-keygen. */
export async function generateSshKey(
  privateKeyFile: string,
  options: SshKeyOptions = {},
): Promise<SshKeyPair> {
  const type = options.type ?? "ed25519";
  const bits = type === "rsa" ? ["-b", "3072"] : [];
  await run("ssh-keygen", [
    "-q",
    "-t",
    type,
    ...bits,
    "-N",
    options.passphrase ?? "",
    "-C",
    options.comment ?? "zrelay-test",
    "-f",
    privateKeyFile,
  ]);
  const publicKeyFile = `${privateKeyFile}.pub`;
  const [keyType, base64] = (await readFile(publicKeyFile, "utf8")).trim().split(/\s+/);
  return { privateKeyFile, publicKeyFile, publicKey: `${keyType} ${base64}` };
}

/** The SHA256 fingerprint of a key file as OpenSSH prints it: `SHA256:…`. */
export async function sshKeyFingerprint(keyFile: string): Promise<string> {
  const { stdout } = await run("ssh-keygen", ["-l", "-E", "sha256", "-f", keyFile]);
  const fingerprint = stdout.split(/\s+/)[1];
  if (fingerprint === undefined) throw new Error(`ssh-keygen printed no fingerprint for ${keyFile}`);
  return fingerprint;
}
