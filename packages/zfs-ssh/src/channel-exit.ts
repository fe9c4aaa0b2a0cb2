import type { ClientChannel } from "ssh2";

/** How a remote command ended, as its exec channel tells it. */
export interface ChannelExit {
  /** Exit status; null when killed by a signal or when none came (`lost`). */
  readonly exitCode: number | null;
  /** `SIGTERM` etc. when the remote command was killed by a signal. */
  readonly signal: string | null;
  /** True when the channel closed without an exit status: the connection died. */
  readonly lost: boolean;
}

/**
 * Settles when the channel closes. ssh2 passes the exit status (or the
 * signal) to `close`; sshd always sends one before
 * closing, so a close without either means the connection went away.
 * The channel's stdout must be read or resumed, or ssh2 never emits `close`.
 */
export function channelExit(channel: ClientChannel): Promise<ChannelExit> {
  return new Promise((resolve) => {
    channel.once("close", (code?: number | null, signal?: string) => {
      if (typeof code === "number") resolve({ exitCode: code, signal: null, lost: false });
      else if (typeof signal === "string")
        resolve({ exitCode: null, signal: signalName(signal), lost: false });
      else resolve({ exitCode: null, signal: null, lost: true });
    });
  });
}

/** Stops the remote command: SIGTERM (sshd passes it on), then the channel is closed. */
export function stopChannel(channel: ClientChannel): void {
  try {
    channel.signal("TERM");
  } catch {
    // The channel is already closing.
  }
  channel.close();
}

// SSH names signals without the `SIG` prefix (RFC 4254); ssh2 adds it. Node's naming either way.
function signalName(signal: string): string {
  return signal.startsWith("SIG") ? signal : `SIG${signal}`;
}
