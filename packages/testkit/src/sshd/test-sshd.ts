import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { appendFile, chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { generateSshKey, type SshKeyPair } from "./ssh-keys.js";
import { renderSshdConfig } from "./sshd-config.js";
import { collectLog, freeLoopbackPort, listening } from "./sshd-listener.js";
import { processAlive, type SshdConnection, sshdConnections } from "./sshd-sessions.js";

/** Options of `startTestSshd`. */
export interface TestSshdOptions {
  /** Directories put first on the PATH of every remote command (e.g. the one holding the zfs emulator). */
  readonly pathPrefix?: readonly string[];
  /** Further environment variables for every remote command (sshd `SetEnv`). */
  readonly env?: Readonly<Record<string, string>>;
  /** sshd's `MaxSessions`: exec channels allowed at once on one connection. Default 10. */
  readonly maxSessions?: number;
  /** Type of the server's host key. Default `"ed25519"`. */
  readonly hostKeyType?: "ed25519" | "ecdsa" | "rsa";
  /** Further sshd_config lines. */
  readonly extraConfig?: readonly string[];
  /** The sshd binary. Default `/usr/sbin/sshd`. */
  readonly sshdPath?: string;
}

/** A running sshd on 127.0.0.1 with its own keys, for tests. */
export interface TestSshd {
  readonly host: "127.0.0.1";
  readonly port: number;
  /** The user the client logs in as: whoever runs the tests. */
  readonly user: string;
  /** Temp directory holding config, keys and known_hosts; removed by `stop()`. */
  readonly dir: string;
  /** The client key whose public half is authorized (ed25519, no passphrase). */
  readonly clientKey: SshKeyPair;
  /** The server's host key (private file, `.pub` beside it). */
  readonly hostKey: SshKeyPair;
  /** A known_hosts file holding `[127.0.0.1]:PORT <host key>`. */
  readonly knownHostsFile: string;
  /** Lets a further public key (`ssh-ed25519 AAAA…`) log in. */
  authorizeKey(publicKey: string): Promise<void>;
  /** The connections being served now, each with the commands running in it. */
  connections(): SshdConnection[];
  /**
   * SIGKILLs the sshd processes of every connection running a command that
   * `match` accepts (every connection when absent), as a dropped network would
   * end it, and resolves once they are gone. Resolves with how many connections died.
   */
  killConnections(match?: (commandLine: string) => boolean): Promise<number>;
  /** What sshd logged so far (last 64 KiB). */
  log(): string;
  /** Kills every connection and the listener, waits for it, removes `dir`. */
  stop(): Promise<void>;
}

/**
 * Starts `/usr/sbin/sshd -D -e` on a free loopback port with a config, host
 * key, authorized client key and known_hosts file in a fresh temp dir.
 */
export async function startTestSshd(options: TestSshdOptions = {}): Promise<TestSshd> {
  const dir = await mkdtemp(join(tmpdir(), "zrelay-sshd-"));
  await chmod(dir, 0o755);
  const hostKey = await generateSshKey(join(dir, "ssh_host_key"), { type: options.hostKeyType ?? "ed25519" });
  const clientKey = await generateSshKey(join(dir, "client_key"));
  const authorizedKeysFile = join(dir, "authorized_keys");
  await writeFile(authorizedKeysFile, `${clientKey.publicKey}\n`);
  const inheritedPath = process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin";
  const sessionEnv = {
    PATH: [...(options.pathPrefix ?? []), inheritedPath].join(":"),
    ...options.env,
  };
  // sshd refuses to start as root without its privilege separation directory.
  if (process.getuid?.() === 0) mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });

  for (let attempt = 1; ; attempt++) {
    const port = await freeLoopbackPort();
    const configFile = join(dir, "sshd_config");
    await writeFile(
      configFile,
      renderSshdConfig({
        port,
        hostKeyFile: hostKey.privateKeyFile,
        authorizedKeysFile,
        maxSessions: options.maxSessions ?? 10,
        sessionEnv,
        extraLines: options.extraConfig ?? [],
      }),
    );
    const listener = spawn(options.sshdPath ?? "/usr/sbin/sshd", ["-D", "-e", "-f", configFile], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    const log = collectLog(listener);
    const outcome = await listening(listener, log);
    if (outcome === "listening") {
      const knownHostsFile = join(dir, "known_hosts");
      await writeFile(knownHostsFile, `[127.0.0.1]:${port} ${hostKey.publicKey}\n`);
      return running({ dir, port, hostKey, clientKey, knownHostsFile, listener, log });
    }
    // Another process took the port between our probe and sshd's bind: try another.
    if (attempt < 5 && /Address already in use/.test(log.text())) continue;
    await rm(dir, { recursive: true, force: true });
    throw new Error(`sshd did not start: ${log.text().trim() || "it printed nothing"}`);
  }
}

interface Started {
  readonly dir: string;
  readonly port: number;
  readonly hostKey: SshKeyPair;
  readonly clientKey: SshKeyPair;
  readonly knownHostsFile: string;
  readonly listener: ChildProcess;
  readonly log: { text(): string };
}

function running(started: Started): TestSshd {
  const { listener } = started;
  const exited = new Promise<void>((resolve) => {
    if (listener.exitCode !== null || listener.signalCode !== null) resolve();
    else listener.once("exit", () => resolve());
  });
  const listenerPid = listener.pid as number;
  const connections = () => sshdConnections(listenerPid);

  async function killConnections(match?: (commandLine: string) => boolean, withCommands = false) {
    const doomed = connections().filter(
      (connection) => match === undefined || connection.commands.some(match),
    );
    const pids = doomed.flatMap((connection) => [
      ...connection.sshdPids,
      ...(withCommands ? connection.commandPids : []),
    ]);
    for (const pid of pids) kill(pid);
    await until(() => pids.every((pid) => !processAlive(pid)));
    return doomed.length;
  }

  return {
    host: "127.0.0.1",
    port: started.port,
    user: userInfo().username,
    dir: started.dir,
    clientKey: started.clientKey,
    hostKey: started.hostKey,
    knownHostsFile: started.knownHostsFile,
    authorizeKey: (publicKey) => appendFile(join(started.dir, "authorized_keys"), `${publicKey}\n`),
    connections,
    killConnections: (match) => killConnections(match),
    log: () => started.log.text(),
    async stop() {
      await killConnections(undefined, true);
      listener.kill("SIGTERM");
      await exited;
      await rm(started.dir, { recursive: true, force: true });
    },
  };
}

function kill(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

// Polls a condition that becomes true on its own soon (a killed process being reaped).
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}
