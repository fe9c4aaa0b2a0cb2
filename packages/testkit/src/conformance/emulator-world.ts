import type { ZfsEndpoint } from "@zrelay/core";
import type { EmulatorHost } from "../emulator/emulator-host.js";
import { runZfsInProcess } from "../emulator/in-process-zfs.js";
import { createCommandWorld } from "./command-world.js";
import type { ConformanceWorld } from "./conformance-world.js";

/** Options of `createEmulatorWorld`. */
export interface EmulatorWorldOptions {
  /** The adapter under test; it must reach `host`'s state (its env, or an sshd started with it). */
  readonly endpoint: ZfsEndpoint;
  /** The emulator machine both the fixture and the endpoint use. */
  readonly host: EmulatorHost;
}

/**
 * A command world on the zfs emulator whose fixture runs its `zfs` commands
 * in-process, under the emulator's state lock: setting up and inspecting a
 * world spawns no process, so a behaviour's time is the endpoint's own `zfs`
 * processes. Files still go through mountpoint directories, as on real ZFS.
 */
export function createEmulatorWorld(options: EmulatorWorldOptions): Promise<ConformanceWorld> {
  return createCommandWorld({
    endpoint: options.endpoint,
    runZfs: (...args) => runZfsInProcess(options.host.root, args),
  });
}
