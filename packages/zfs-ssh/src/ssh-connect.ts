import ssh2 from "ssh2";
import { HostKeyVerifier } from "./host-key-verifier.js";
import { SessionSlots } from "./session-slots.js";
import { connectError, connectionLostReason, type Ssh2Error } from "./ssh-connection-errors.js";
import { prepareLogin } from "./ssh-login.js";
import type { SshSettings } from "./ssh-settings.js";

/** One established connection: its client, its channel slots, and why it ended. */
export interface Live {
  readonly client: ssh2.Client;
  readonly slots: SessionSlots;
  lost: string | undefined;
}

// What ssh2 can encrypt with; the data path's cipher goes first.
const CIPHERS = [
  "aes128-gcm@openssh.com",
  "aes256-gcm@openssh.com",
  "chacha20-poly1305@openssh.com",
  "aes128-ctr",
  "aes192-ctr",
  "aes256-ctr",
];

/**
 * Connects and logs in with ssh2: host key checked against known_hosts (a new
 * one recorded only with acceptNewHostKey, once the host proved it holds it),
 * keys tried as OpenSSH would, TCP_NODELAY, keepalives. Resolves once logged
 * in; rejects with the CONNECTION_FAILED error that says why not. `onEnded`
 * is called when the connection closes, whenever that is.
 */
export function connectSsh(settings: SshSettings, onEnded: () => void): Promise<Live> {
  const login = prepareLogin(settings);
  const verifier = new HostKeyVerifier(settings);
  const client = new ssh2.Client();
  const live: Live = { client, slots: new SessionSlots(), lost: undefined };
  return new Promise<Live>((resolve, reject) => {
    let ready = false;
    let lastError: Ssh2Error | undefined;
    // ssh2 never sets TCP_NODELAY: without it, small commands wait on Nagle's algorithm.
    client.on("connect", () => client.setNoDelay(true));
    // Emitted after the host proved it holds the key: only then is a new key recorded.
    client.on("handshake", () => verifier.recordAcceptedKey());
    client.on("ready", () => {
      ready = true;
      resolve(live);
    });
    client.on("error", (error: Ssh2Error) => {
      lastError ??= error;
    });
    client.on("close", () => {
      live.lost = connectionLostReason(settings, lastError);
      onEnded();
      if (!ready) {
        const error = lastError ?? new Error("the host closed the connection during login");
        reject(connectError(settings, error, verifier.refusal(), login));
      }
    });
    const connect = () =>
      client.connect({
        host: settings.hostName,
        port: settings.port,
        username: settings.user,
        authHandler: login.methods,
        hostVerifier: (key: Buffer) => verifier.verify(key),
        readyTimeout: settings.connectTimeoutMs,
        keepaliveInterval: settings.keepaliveIntervalMs,
        keepaliveCountMax: settings.keepaliveCountMax,
        algorithms: {
          serverHostKey: verifier.algorithms() as ssh2.ServerHostKeyAlgorithm[],
          cipher: [...new Set([settings.cipher, ...CIPHERS])].filter((name) =>
            CIPHERS.includes(name),
          ) as ssh2.CipherAlgorithm[],
        },
      });
    try {
      connect();
    } catch (error) {
      reject(connectError(settings, error as Error, undefined, login));
    }
  });
}
