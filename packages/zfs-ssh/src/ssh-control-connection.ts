import ssh2, { type ClientChannel } from "ssh2";
import { HostKeyVerifier } from "./host-key-verifier.js";
import { SessionSlots } from "./session-slots.js";
import {
  connectError,
  connectionLostError,
  connectionLostReason,
  type Ssh2Error,
} from "./ssh-connection-errors.js";
import { prepareLogin } from "./ssh-login.js";
import type { SshSettings } from "./ssh-settings.js";

/** An exec channel, and how to say why it ended if its connection died under it. */
export interface OpenedChannel {
  readonly channel: ClientChannel;
  /** Why the connection ended (`HOST stopped answering …`), or undefined while it is up. */
  lostReason(): string | undefined;
}

/** One established connection: its client, its channel slots, and why it ended. */
interface Live {
  readonly client: ssh2.Client;
  readonly slots: SessionSlots;
  lost: string | undefined;
}

const CIPHERS = [
  "aes128-gcm@openssh.com",
  "aes256-gcm@openssh.com",
  "chacha20-poly1305@openssh.com",
  "aes128-ctr",
  "aes192-ctr",
  "aes256-ctr",
];

/**
 * The control connection to one host: made on first use, then reused by every
 * command (one exec channel each), and made again after it was lost. Host
 * keys are checked against known_hosts on every connection.
 */
export class SshControlConnection {
  readonly #settings: SshSettings;
  #live: Promise<Live> | undefined;
  #closed = false;

  constructor(settings: SshSettings) {
    this.#settings = settings;
  }

  /**
   * Opens an exec channel running `command`, waiting for a free session when
   * the server allows no more. Rejects with CONNECTION_FAILED when the host
   * cannot be reached or the connection dies meanwhile.
   */
  async exec(command: string, what: string): Promise<OpenedChannel> {
    if (this.#closed) throw connectionLostError(this.#settings, `the connection to ${this.#settings.address} was closed by zrelay`, what);
    const live = await this.#connection();
    await live.slots.acquire();
    for (let refusals = 0; ; ) {
      try {
        const channel = await openExec(live.client, command);
        channel.once("close", () => live.slots.release());
        return { channel, lostReason: () => live.lost };
      } catch (error) {
        if (live.lost !== undefined || !isSessionRefusal(error)) {
          live.slots.release();
          const reason = live.lost ?? `${this.#settings.address} refused to run a command (${(error as Error).message})`;
          throw connectionLostError(this.#settings, reason, what);
        }
        // sshd frees the session of a closed channel only after reading the requests that
        // came with the close: a refusal then is not the limit, and an immediate retry succeeds.
        if (++refusals === 1) continue;
        if (!live.slots.refused()) {
          throw connectionLostError(this.#settings, `${this.#settings.address} refuses every session (sshd MaxSessions)`, what);
        }
        await live.slots.acquire();
        refusals = 0;
      }
    }
  }

  /** Ends the connection; later commands fail. Resolves once the socket is closed. */
  async close(): Promise<void> {
    this.#closed = true;
    const live = await this.#live?.catch(() => undefined);
    if (live === undefined || live.lost !== undefined) return;
    await new Promise<void>((resolve) => {
      live.client.once("close", () => resolve());
      live.client.end();
    });
  }

  #connection(): Promise<Live> {
    if (this.#live === undefined) {
      // A connection that failed or ended is forgotten: the next command connects again.
      const attempt: Promise<Live> = this.#connect(() => {
        if (this.#live === attempt) this.#live = undefined;
      });
      attempt.catch(() => undefined);
      this.#live = attempt;
    }
    return this.#live;
  }

  #connect(onEnded: () => void): Promise<Live> {
    const settings = this.#settings;
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
      const connect = () => client.connect({
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
          cipher: [...new Set([settings.cipher, ...CIPHERS])].filter((name) => CIPHERS.includes(name)) as ssh2.CipherAlgorithm[],
        },
      });
      try {
        connect();
      } catch (error) {
        reject(connectError(settings, error as Error, undefined, login));
      }
    });
  }
}

// sshd answers a session it will not open (MaxSessions reached) with "open failed".
function isSessionRefusal(error: unknown): boolean {
  const reason = (error as { reason?: unknown }).reason;
  return reason === 1 || reason === 2 || reason === 4;
}

function openExec(client: ssh2.Client, command: string): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    client.exec(command, (error, channel) => (error === undefined || error === null ? resolve(channel) : reject(error)));
  });
}
