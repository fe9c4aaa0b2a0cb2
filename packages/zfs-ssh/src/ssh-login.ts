import { readFileSync } from "node:fs";
import { ErrorCode, policyReference, ZrelayError } from "@zrelay/core";
import ssh2, { type AnyAuthMethod } from "ssh2";
import type { SshSettings } from "./ssh-settings.js";

/** How zrelay will log in: what ssh2 tries, in order, and what it had to leave out. */
export interface SshLogin {
  readonly methods: AnyAuthMethod[];
  /** What is tried, for the message when all of it fails. */
  readonly tried: readonly string[];
  /** Key files left out because a passphrase protects them. */
  readonly passphraseProtected: readonly string[];
}

/**
 * The order OpenSSH users expect: the keys of ssh-agent, then the chosen
 * identity (or the default ones). A key protected by a passphrase cannot be
 * used without the agent (zrelay never prompts); an identity the user named
 * that way is an error at once, unless an agent may hold it.
 */
export function prepareLogin(settings: SshSettings): SshLogin {
  const username = settings.user;
  const methods: AnyAuthMethod[] = [];
  const tried: string[] = [];
  const passphraseProtected: string[] = [];
  if (settings.agentSocket !== undefined) {
    methods.push({ type: "agent", username, agent: settings.agentSocket });
    tried.push(`the keys of ssh-agent (${settings.agentSocket})`);
  }
  for (const file of settings.identityFiles) {
    const key = readKey(file, settings);
    if (key === undefined) continue;
    const parsed = ssh2.utils.parseKey(key);
    if (!(parsed instanceof Error)) {
      methods.push({ type: "publickey", username, key });
      tried.push(file);
    } else if (/passphrase|encrypted/i.test(parsed.message)) {
      passphraseProtected.push(file);
    } else if (settings.identityChosen) {
      throw keyError(settings, `${file} is not a private key ssh2 can read (${parsed.message})`, file);
    }
  }
  if (settings.identityChosen && passphraseProtected.length > 0 && settings.agentSocket === undefined) {
    throw passphraseError(settings, passphraseProtected);
  }
  return { methods, tried, passphraseProtected };
}

function readKey(file: string, settings: SshSettings): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch (error) {
    // A default key that does not exist is normal; a key the user named must be there.
    if (!settings.identityChosen && (error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw keyError(settings, `could not read the key ${file}: ${(error as Error).message}`, file);
  }
}

function keyError(settings: SshSettings, reason: string, file: string): ZrelayError {
  return new ZrelayError(ErrorCode.CONNECTION_FAILED, `could not log in to ${settings.address}: ${reason}`, {
    host: settings.label,
    hint: `Give zrelay a readable OpenSSH private key (${policyReference("identity")}); check it with \`ssh-keygen -y -f ${file}\`.`,
  });
}

function passphraseError(settings: SshSettings, files: readonly string[]): ZrelayError {
  return new ZrelayError(
    ErrorCode.CONNECTION_FAILED,
    `could not log in to ${settings.address}: the key ${files.join(", ")} is protected by a passphrase and no ssh-agent is running (SSH_AUTH_SOCK is not set); zrelay never asks for passphrases`,
    {
      host: settings.label,
      hint: `Start ssh-agent and add the key (eval "$(ssh-agent)"; ssh-add ${files[0]}), or make zrelay a key without a passphrase (ssh-keygen -t ed25519 -N '' -f ~/.ssh/zrelay) and authorize it on ${settings.hostName}.`,
    },
  );
}

/** The error when the host refused every key zrelay offered (or there was none to offer). */
export function loginRefusedError(settings: SshSettings, login: SshLogin): ZrelayError {
  const who = `${settings.user}@${settings.address}`;
  if (login.methods.length === 0 && login.passphraseProtected.length > 0) {
    return passphraseError(settings, login.passphraseProtected);
  }
  const skipped =
    login.passphraseProtected.length === 0
      ? ""
      : `; left out ${login.passphraseProtected.join(", ")} (protected by a passphrase, and no ssh-agent)`;
  const reason =
    login.methods.length === 0
      ? `no key to log in with: no ssh-agent, and none of ${settings.identityFiles.join(", ")} exists`
      : `the host refused every key: tried ${login.tried.join(", ")}`;
  return new ZrelayError(ErrorCode.CONNECTION_FAILED, `could not log in as ${who}: ${reason}${skipped}`, {
    host: settings.label,
    hint: `Authorize one of these public keys for ${settings.user} on ${settings.hostName} (~${settings.user}/.ssh/authorized_keys, e.g. with ssh-copy-id), or give zrelay the right key with ${policyReference("identity")}.`,
  });
}
