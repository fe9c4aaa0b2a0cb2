import { ErrorCode, ZrelayError } from "@zrelay/core";
import { hostKeyRefusedError } from "./host-key-errors.js";
import type { HostKeyRefusal } from "./host-key-verifier.js";
import { loginRefusedError, type SshLogin } from "./ssh-login.js";
import type { SshSettings } from "./ssh-settings.js";

/** An error ssh2 emits, with the fields it sets. */
export interface Ssh2Error extends Error {
  readonly level?: string;
  readonly code?: string | number;
}

const SOCKET_REASONS: Record<string, string> = {
  ECONNREFUSED: "connection refused (is sshd running and listening on that port?)",
  ECONNRESET: "the connection was reset",
  EHOSTUNREACH: "no route to host",
  ENETUNREACH: "the network is unreachable",
  ETIMEDOUT: "the connection timed out",
  ENOTFOUND: "the host name does not resolve",
  EAI_AGAIN: "the host name could not be resolved right now",
};

/** The error for a connection that could not be set up (TCP, key exchange, host key, login). */
export function connectError(
  settings: SshSettings,
  error: Ssh2Error,
  refusal: HostKeyRefusal | undefined,
  login: SshLogin,
): ZrelayError {
  if (refusal !== undefined) return hostKeyRefusedError(settings, refusal);
  if (error.level === "client-authentication") return loginRefusedError(settings, login);
  const notFound = error.code === "ENOTFOUND";
  const reason =
    (typeof error.code === "string" ? SOCKET_REASONS[error.code] : undefined) ??
    (/Timed out while waiting for handshake/.test(error.message)
      ? `no answer within ${settings.connectTimeoutMs / 1000} s`
      : error.message);
  return new ZrelayError(ErrorCode.CONNECTION_FAILED, `could not connect to ${settings.address}: ${reason}`, {
    host: settings.label,
    hint: notFound
      ? `Check the host name ${settings.hostName} (and HostName in ~/.ssh/config).`
      : `Check that ${settings.hostName} is up and sshd listens on port ${settings.port} (try \`ssh -p ${settings.port} ${settings.user}@${settings.hostName} true\`), then run zrelay again.`,
    retryable: !notFound,
    cause: error,
  });
}

/** Why an established connection ended, in words: for messages about what it interrupted. */
export function connectionLostReason(settings: SshSettings, error: Ssh2Error | undefined): string {
  if (error === undefined) return `the connection to ${settings.address} was closed unexpectedly`;
  if (/Keepalive timeout/.test(error.message)) {
    const seconds = (settings.keepaliveIntervalMs * settings.keepaliveCountMax) / 1000;
    return `${settings.address} stopped answering (no reply to ${settings.keepaliveCountMax} keepalives in ${seconds} s)`;
  }
  return `the connection to ${settings.address} was lost (${error.message})`;
}

/** A command could not be run because the connection is gone or could not be made. */
export function connectionLostError(settings: SshSettings, reason: string, what: string): ZrelayError {
  return new ZrelayError(ErrorCode.CONNECTION_FAILED, `${reason} while ${what}`, {
    host: settings.label,
    hint: `Check the network to ${settings.hostName}, then run zrelay again; nothing is lost, a resumable receive continues where it stopped.`,
    retryable: true,
  });
}
