import { ErrorCode, policyReference, ZrelayError } from "@zrelay/core";
import type { HostKeyRefusal } from "./host-key-verifier.js";
import type { KnownHostEntry } from "./known-hosts-file.js";
import { hostKeyFingerprint, hostKeyKind, hostKeyType } from "./ssh-host-key.js";

interface Where {
  readonly label: string;
  readonly address: string;
  readonly user: string;
  readonly hostName: string;
  readonly port: number;
}

const describeKey = (key: Buffer) => `${hostKeyKind(hostKeyType(key))} key ${hostKeyFingerprint(key)}`;
const describeEntry = (entry: KnownHostEntry) =>
  `${entry.file}:${entry.line} holds ${describeKey(entry.key)}`;

/**
 * The error for a host key zrelay refused. An unknown host can be accepted
 * (--accept-new-host-key); a changed, mismatched or revoked key never is, and
 * its message is as loud as OpenSSH's warning.
 */
export function hostKeyRefusedError(where: Where, refusal: HostKeyRefusal): ZrelayError {
  const { verdict, name, key } = refusal;
  const presented = describeKey(key);
  const fail = (message: string, hint: string) =>
    new ZrelayError(ErrorCode.CONNECTION_FAILED, message, { host: where.label, hint, retryable: false });
  const files = refusal.knownHostsFiles.join(", ");
  const sshCommand = `ssh ${where.port === 22 ? "" : `-p ${where.port} `}${where.user}@${where.hostName}`;
  switch (verdict.kind) {
    case "unknown":
      return fail(
        `the host key of ${where.address} is not known: it presents ${presented}, and no known_hosts file (${files}) has a key for ${name}`,
        `Check that fingerprint with the host's administrator (on the host: ssh-keygen -lf /etc/ssh/ssh_host_${hostKeyKind(hostKeyType(key)).toLowerCase()}_key.pub), then record it: run zrelay once with ${policyReference("acceptNewHostKey")}, or connect once with \`${sshCommand}\`.`,
      );
    case "changed":
    case "other-type":
      return fail(
        `WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! The host key of ${where.address} is not the one on record: it presents ${presented}, but ${verdict.known.map(describeEntry).join("; ")}. Someone could be eavesdropping on you right now (a man-in-the-middle attack), or the host was reinstalled. zrelay refused to connect.`,
        `Ask the host's administrator whether its key changed. Only if it did: remove the old key with \`ssh-keygen -R '${name}' -f ${verdict.known[0]?.file ?? "~/.ssh/known_hosts"}\`, check the new fingerprint, and record it (${policyReference("acceptNewHostKey")}); ${policyReference("acceptNewHostKey")} never replaces a changed key.`,
      );
    case "revoked":
      return fail(
        `the host key of ${where.address} is revoked: it presents ${presented}, which ${verdict.entry.file}:${verdict.entry.line} marks @revoked. zrelay refused to connect.`,
        "Ask the host's administrator to install a new host key; never remove the @revoked line to get in.",
      );
  }
}
