import { existsSync } from "node:fs";
import { join } from "node:path";
import { MissingPiece, onCleanup } from "./bench-cleanup.mjs";
import { cpuSeconds } from "./process-usage.mjs";

/*
 * A real OpenSSH sshd on 127.0.0.1 (testkit's startTestSshd: own host key,
 * authorized client key, known_hosts) whose sessions find the zfs emulator
 * first on PATH, backed by the "remote" emulator host's state directory.
 * Stopped at cleanup.
 */

/** The cipher every data path and the OpenSSH baseline use. */
export const CIPHER = "aes128-gcm@openssh.com";

/** Starts the sshd in front of `remote` (an emulatorHost). */
export async function loopbackSshd(testkit, remote) {
  if (typeof testkit.startTestSshd !== "function")
    throw new MissingPiece("@zrelay/testkit has no startTestSshd");
  if (!existsSync("/usr/sbin/sshd"))
    throw new MissingPiece("/usr/sbin/sshd is not installed (apt-get install openssh-server)");
  const sshd = await testkit.startTestSshd({
    pathPrefix: [remote.binDirectory],
    env: { [testkit.EMULATOR_ROOT_VARIABLE]: remote.root },
    // parallel runs: one control connection with several exec channels, plus one ssh per stream.
    maxSessions: 20,
  });
  onCleanup(`sshd on port ${sshd.port}`, () => sshd.stop());
  const configFile = join(sshd.dir, "sshd_config");
  const listener = testkit.findProcesses(
    (commandLine) => commandLine.includes(configFile) && commandLine.includes("-D"),
  );
  if (listener.length !== 1)
    throw new Error(`cannot tell the sshd listener of ${configFile} (${listener.length} candidates)`);
  const listenerPid = listener[0].pid;

  return {
    sshd,
    /** The listening sshd: every session's processes are below it. */
    listenerPid,
    /** SshEndpointOptions for zrelay: this server's key and known_hosts only, no agent, no ~/.ssh/config. */
    endpointOptions(dataPath) {
      return {
        host: sshd.host,
        port: sshd.port,
        user: sshd.user,
        identity: sshd.clientKey.privateKeyFile,
        knownHostsFiles: [sshd.knownHostsFile],
        agentSocket: null,
        sshConfigFile: null,
        dataPath,
        cipher: CIPHER,
      };
    },
    /** The OpenSSH client argv for the shell baseline, held to the same rules as zrelay's data path. */
    sshArgv(remoteCommandLine) {
      return [
        "ssh",
        ...["-F", "none", "-T", "-x", "-a"],
        ...["-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes"],
        ...["-o", `UserKnownHostsFile=${sshd.knownHostsFile}`, "-o", "GlobalKnownHostsFile=none"],
        ...["-o", "IdentityAgent=none", "-o", "IdentitiesOnly=yes", "-i", sshd.clientKey.privateKeyFile],
        ...["-o", "ControlMaster=no", "-o", "ControlPath=none", "-o", "LogLevel=ERROR"],
        ...["-c", CIPHER, "-p", String(sshd.port), "-l", sshd.user],
        "--",
        sshd.host,
        remoteCommandLine,
      ];
    },
    /**
     * CPU seconds of every session the server has finished (its listener's
     * reaped children: sshd processes and the remote zfs commands below them).
     * Call `idle()` first so the sessions of interest have ended.
     */
    serverCpuSeconds: () => cpuSeconds(listenerPid).children,
    /** Resolves once no connection is open (sessions reaped, their CPU accounted). */
    async idle(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (sshd.connections().length > 0) {
        if (Date.now() > deadline) throw new Error(`sshd connections still open after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    /** How many exec sessions sshd has started so far (its VERBOSE log, last 64 KiB). */
    sessionsStarted: () => (sshd.log().match(/Starting session: command/g) ?? []).length,
  };
}

/** POSIX single-quoting for the remote shell, which sshd hands the command line to. */
export function shellQuote(word) {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/** A remote command line from argv. */
export function remoteCommand(argv) {
  return argv.map(shellQuote).join(" ");
}
