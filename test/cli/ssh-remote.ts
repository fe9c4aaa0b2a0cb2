import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEmulatorHost, startTestSshd } from "@zrelay/testkit";
import { execa } from "execa";

/**
 * Another machine, reached over a real loopback sshd: its `zfs` is the emulator
 * with state of its own, holding `pools`. `clientEnv` is what the zrelay process
 * needs to log in to it the way cron's user would (a HOME whose known_hosts has
 * the host key, no agent); `connection` the flags naming host, port, user and key.
 */
export async function startSshRemote(pools: readonly string[]) {
  const machine = createEmulatorHost({ pools });
  const sshd = await startTestSshd({
    pathPrefix: [machine.binDirectory],
    env: { ZRELAY_FAKE_ZFS_ROOT: machine.root },
  });
  const home = mkdtempSync(join(tmpdir(), "zrelay-home-"));
  mkdirSync(join(home, ".ssh"), { mode: 0o700 });
  copyFileSync(sshd.knownHostsFile, join(home, ".ssh", "known_hosts"));

  /** Runs the remote machine's `zfs` as its administrator would (not through ssh); rejects on failure. */
  const zfs = async (...args: string[]) => (await execa("zfs", args, { env: machine.env })).stdout;

  return {
    sshd,
    /** `127.0.0.1`: the name zrelay prints for this host. */
    host: sshd.host,
    connection: [
      ...["--host", sshd.host, "--port", String(sshd.port), "--user", sshd.user],
      ...["--identity", sshd.clientKey.privateKeyFile],
    ],
    clientEnv: { HOME: home, SSH_AUTH_SOCK: "" },
    zfs,
    /** `zfs` with the emulator's clock at `epochSeconds`: a snapshot taken "hours ago". */
    zfsAt: async (epochSeconds: number, ...args: string[]) =>
      (await execa("zfs", args, { env: { ...machine.env, ZRELAY_FAKE_ZFS_NOW: String(epochSeconds) } }))
        .stdout,
    /** `name guid` of every snapshot under `dataset`, oldest first per dataset. */
    snapshotGuids: async (dataset: string) => snapshotGuids(zfs, dataset),
    async stop() {
      await sshd.stop();
      machine.dispose();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export type SshRemote = Awaited<ReturnType<typeof startSshRemote>>;

/** `name guid` lines of `zfs list -t snapshot -r` under `dataset`, on whichever machine `zfs` runs. */
export async function snapshotGuids(
  zfs: (...args: string[]) => Promise<string>,
  dataset: string,
): Promise<string[]> {
  const listing = await zfs(
    "list",
    "-H",
    "-p",
    "-o",
    "name,guid",
    "-t",
    "snapshot",
    "-r",
    "-s",
    "createtxg",
    dataset,
  );
  return listing
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => line.replace("\t", " "));
}
