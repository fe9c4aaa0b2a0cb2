import type { EndpointCapabilities } from "@zrelay/core";

/** How the bytes of `zfs send` / `zfs receive` streams travel. */
export type SshDataPath = "openssh" | "ssh2";

/** Options of `createSshEndpoint`. Every field but `host` is optional. */
export interface SshEndpointOptions {
  /**
   * The host as the user wrote it: a name, an address, or a `Host` alias of the
   * ssh config file (whose `HostName`, `User`, `Port` and `IdentityFile` apply).
   */
  readonly host: string;
  /** User to log in as. Default: the config file's `User`, else the local user name. */
  readonly user?: string;
  /** TCP port of sshd. Default: the config file's `Port`, else 22. */
  readonly port?: number;
  /**
   * Private key file to log in with (`--identity`). Tried after the keys of
   * ssh-agent; the data path uses it with `IdentitiesOnly=yes`. Default: the
   * config file's `IdentityFile`, else `~/.ssh/id_ed25519`, `id_ecdsa`, `id_rsa`.
   */
  readonly identity?: string;
  /**
   * Socket of ssh-agent. Default `$SSH_AUTH_SOCK`; `null` uses no agent.
   */
  readonly agentSocket?: string | null;
  /**
   * known_hosts files the host key is checked against, by both the control
   * connection and the OpenSSH data path. The first one is where
   * `acceptNewHostKey` records a new key. Default `~/.ssh/known_hosts`,
   * `/etc/ssh/ssh_known_hosts`.
   */
  readonly knownHostsFiles?: readonly string[];
  /**
   * Accept the key of a host that is not in known_hosts yet and record it in
   * the first known_hosts file (OpenSSH's `StrictHostKeyChecking=accept-new`,
   * `--accept-new-host-key`). A changed key is refused whatever this says.
   * Default false: an unknown host is refused.
   */
  readonly acceptNewHostKey?: boolean;
  /** ssh config file read for `Host` aliases. Default `~/.ssh/config`; `null` reads none. */
  readonly sshConfigFile?: string | null;
  /**
   * Run every remote command as `sudo -n …` (`--sudo`), for users without
   * delegated zfs permissions. sudo must not ask for a password: if it does,
   * the command fails with an error that says so.
   */
  readonly sudo?: boolean;
  /**
   * Data path of send and receive streams. `"openssh"` spawns the OpenSSH
   * client for each stream (bytes are handed between processes, never
   * through Node; the fastest); `"ssh2"` uses a channel of the control
   * connection (no `ssh` binary needed; its crypto runs on Node's main thread).
   * Default `"openssh"` when an `ssh` executable is in PATH, else `"ssh2"`.
   */
  readonly dataPath?: SshDataPath;
  /** Cipher of the data path (OpenSSH `-c`), tried first by the control connection too. Default `aes128-gcm@openssh.com`. */
  readonly cipher?: string;
  /** Give up connecting (TCP, key exchange, login) after this long. Default 20 000 ms. */
  readonly connectTimeoutMs?: number;
  /**
   * Send a keepalive after this long without traffic from the host; after
   * `keepaliveCountMax` unanswered ones in a row the host counts as gone (the
   * idle timeout). Default 15 000 ms.
   */
  readonly keepaliveIntervalMs?: number;
  /** Unanswered keepalives before the connection is given up. Default 3. */
  readonly keepaliveCountMax?: number;
  /** Name or absolute path of `zfs` on the host. Default `"zfs"`, found in the remote PATH. */
  readonly zfsCommand?: string;
  /** Capabilities to take away from the default (all true for OpenZFS 2.x). */
  readonly capabilities?: Partial<EndpointCapabilities>;
}
