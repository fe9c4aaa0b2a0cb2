import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { checkHostKey, type HostKeyVerdict, knownHostKeyTypes } from "./host-key-check.js";
import { type KnownHostEntry, readKnownHosts } from "./known-hosts-file.js";
import { hostKeyType, knownHostsName, preferredHostKeyAlgorithms } from "./ssh-host-key.js";

/** What the verifier saw, once it refused a key (for the error message). */
export interface HostKeyRefusal {
  readonly verdict: Exclude<HostKeyVerdict, { kind: "known" }>;
  readonly name: string;
  readonly key: Buffer;
  readonly knownHostsFiles: readonly string[];
}

export interface HostKeyVerifierSettings {
  readonly hostName: string;
  readonly port: number;
  readonly knownHostsFiles: readonly string[];
  readonly acceptNewHostKey: boolean;
}

/**
 * Host key checking for one connection attempt: ssh2 accepts any key unless
 * its `hostVerifier` says no, so this is where the policy lives. known_hosts
 * is read afresh for each attempt.
 */
export class HostKeyVerifier {
  readonly #settings: HostKeyVerifierSettings;
  readonly #name: string;
  readonly #entries: KnownHostEntry[];
  #refusal: HostKeyRefusal | undefined;
  #newKey: Buffer | undefined;

  constructor(settings: HostKeyVerifierSettings) {
    this.#settings = settings;
    this.#name = knownHostsName(settings.hostName, settings.port);
    this.#entries = settings.knownHostsFiles.flatMap(readKnownHosts);
  }

  /** Host key algorithms to offer, those known_hosts can vouch for first. */
  algorithms(): string[] {
    return preferredHostKeyAlgorithms(knownHostKeyTypes(this.#entries, this.#name));
  }

  /** ssh2's `hostVerifier`: true lets the handshake go on. */
  verify(key: Buffer): boolean {
    const verdict = checkHostKey(this.#entries, this.#name, key);
    if (verdict.kind === "known") return true;
    if (verdict.kind === "unknown" && this.#settings.acceptNewHostKey) {
      this.#newKey = Buffer.from(key);
      return true;
    }
    this.#refusal = { verdict, name: this.#name, key, knownHostsFiles: this.#settings.knownHostsFiles };
    return false;
  }

  /** Set once a key was refused. */
  refusal(): HostKeyRefusal | undefined {
    return this.#refusal;
  }

  /**
   * Appends an accepted new key to the first known_hosts file. Called once the
   * key exchange proved the host holds the private key, as OpenSSH does.
   */
  recordAcceptedKey(): void {
    const key = this.#newKey;
    const file = this.#settings.knownHostsFiles[0];
    if (key === undefined || file === undefined) return;
    this.#newKey = undefined;
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const line = `${this.#name} ${hostKeyType(key)} ${key.toString("base64")}\n`;
    appendFileSync(file, endsWithoutNewline(file) ? `\n${line}` : line, { mode: 0o600 });
  }
}

function endsWithoutNewline(file: string): boolean {
  try {
    const text = readFileSync(file, "utf8");
    return text !== "" && !text.endsWith("\n");
  } catch {
    return false;
  }
}
