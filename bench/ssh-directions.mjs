import { remoteCommand } from "./loopback-sshd.mjs";

/*
 * The two directions of the SSH benchmark: where the snapshot lives, where it
 * lands, zrelay's endpoints for a data path, and the OpenSSH shell baseline.
 * The scripts are constants; names and the ssh argv reach them only as
 * positional parameters.
 */

const PULL_PIPELINE = 'target=$1; shift; "$@" | zfs receive -u -s "$target"';
const PUSH_PIPELINE = 'snapshot=$1; shift; zfs send -L -e -c "$snapshot" | "$@"';

/** One direction: where the snapshot lives, where it lands, and the shell baseline for it. */
export function direction(name, { local, remote, server }) {
  if (name === "pull") {
    return {
      name,
      sourceHost: remote,
      targetHost: local,
      sourcePool: "tank",
      destPrefix: "backup/pulled",
      endpoints: (dataPath) => ({
        source: { kind: "ssh", options: server.endpointOptions(dataPath) },
        target: { kind: "local", env: local.env },
      }),
      pipeline: (snapshot, target) => [
        PULL_PIPELINE,
        [target, ...server.sshArgv(remoteCommand(["zfs", "send", "-L", "-e", "-c", snapshot]))],
      ],
    };
  }
  return {
    name,
    sourceHost: local,
    targetHost: remote,
    sourcePool: "backup",
    destPrefix: "tank/pushed",
    endpoints: (dataPath) => ({
      source: { kind: "local", env: local.env },
      target: { kind: "ssh", options: server.endpointOptions(dataPath) },
    }),
    pipeline: (snapshot, target) => [
      PUSH_PIPELINE,
      [snapshot, ...server.sshArgv(remoteCommand(["zfs", "receive", "-u", "-s", target]))],
    ],
  };
}

/** Runs something on the client while accounting the server's CPU for it. */
export async function withServerCpu(server, run) {
  await server.idle();
  const before = server.serverCpuSeconds();
  const result = await run();
  await server.idle();
  return { ...result, serverCpuSeconds: server.serverCpuSeconds() - before };
}
