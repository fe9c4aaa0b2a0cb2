import type ssh2 from "ssh2";
import type { ClientChannel } from "ssh2";
import { connectSsh, type Live } from "./ssh-connect.js";
import { connectionLostError } from "./ssh-connection-errors.js";
import type { SshSettings } from "./ssh-settings.js";

/** An exec channel, and how to say why it ended if its connection died under it. */
export interface OpenedChannel {
  readonly channel: ClientChannel;
  /** Why the connection ended (`HOST stopped answering …`), or undefined while it is up. */
  lostReason(): string | undefined;
}

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
    const settings = this.#settings;
    if (this.#closed)
      throw connectionLostError(settings, `the connection to ${settings.address} was closed by zrelay`, what);
    // A connection found dead before the command was sent: one fresh connection is tried.
    for (let attempt = 1; ; attempt++) {
      const live = await this.#connection();
      const opened = await this.#open(live, command, what);
      if (opened !== undefined) return opened;
      if (attempt === 2)
        throw connectionLostError(settings, live.lost ?? `${settings.address} went away`, what);
    }
  }

  /** Opens the channel on `live`; undefined when that connection was dead before anything ran. */
  async #open(live: Live, command: string, what: string): Promise<OpenedChannel | undefined> {
    const settings = this.#settings;
    await live.slots.acquire();
    for (let refusals = 0; ; ) {
      try {
        const channel = await openExec(live.client, command);
        channel.once("close", () => live.slots.release());
        return { channel, lostReason: () => live.lost };
      } catch (error) {
        if (live.lost !== undefined) {
          live.slots.release();
          // Only a channel still being opened surely ran nothing; an exec request
          // already sent may have started the command, which must not run twice.
          if ((error as Error).message === SSH2_PENDING_OPEN_FAILED) return undefined;
          throw connectionLostError(settings, live.lost, what);
        }
        if (!isSessionRefusal(error)) {
          live.slots.release();
          const reason = `${settings.address} refused to run a command (${(error as Error).message})`;
          throw connectionLostError(settings, reason, what);
        }
        // sshd frees the session of a closed channel only after reading the requests that
        // came with the close: a refusal then is not the limit, and an immediate retry succeeds.
        if (++refusals === 1) continue;
        if (!live.slots.refused()) {
          throw connectionLostError(
            settings,
            `${settings.address} refuses every session (sshd MaxSessions)`,
            what,
          );
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
      const attempt: Promise<Live> = connectSsh(this.#settings, () => {
        if (this.#live === attempt) this.#live = undefined;
      });
      attempt.catch(() => undefined);
      this.#live = attempt;
    }
    return this.#live;
  }
}

// How ssh2 fails the channel opens still waiting for an answer when its connection closes.
const SSH2_PENDING_OPEN_FAILED = "No response from server";

// sshd answers a session it will not open (MaxSessions reached) with "open failed".
function isSessionRefusal(error: unknown): boolean {
  const reason = (error as { reason?: unknown }).reason;
  return reason === 1 || reason === 2 || reason === 4;
}

function openExec(client: ssh2.Client, command: string): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    client.exec(command, (error, channel) =>
      error === undefined || error === null ? resolve(channel) : reject(error),
    );
  });
}
