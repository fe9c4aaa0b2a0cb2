import { randomBytes } from "node:crypto";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FakeZfs } from "../model/fake-zfs.js";
import type { FakeZfsJson } from "../model/model-serialisation.js";
import { emulatorClock } from "./emulator-clock.js";

/**
 * Dataset → snapshot name → guid that `<mountpoint>/.zfs/snapshot/<name>` was
 * written from: what the emulator's mountpoint directories hold, not ZFS state
 * (that is all in the model), so unchanged snapshots are not rewritten.
 */
export type MaterialisedSnapshots = Record<string, Record<string, string>>;

const STATE_FORMAT = "zrelay-zfs-emulator";
// 2: mount state, keylocation, key digests and snapshot user properties moved into the model.
const STATE_VERSION = 2;

interface StateFile {
  readonly format: typeof STATE_FORMAT;
  readonly version: number;
  readonly model: FakeZfsJson;
  readonly materialised: MaterialisedSnapshots;
}

/** The state file inside `ZRELAY_FAKE_ZFS_ROOT`. */
export function stateFilePath(root: string): string {
  return join(root, "state.json");
}

/** Directory under which every emulated filesystem is mounted. */
export function mountRoot(root: string): string {
  return join(root, "mnt");
}

/**
 * One loaded copy of the emulator's state: the FakeZfs model (everything ZFS
 * keeps, mount state included) and which snapshots the mountpoint directories show.
 * Loaded and saved only under the state lock (see state-transaction.ts).
 */
export class EmulatorState {
  readonly root: string;
  readonly zfs: FakeZfs;
  readonly materialised: MaterialisedSnapshots;
  /** The file's text as loaded or last saved; "" when there was no file. */
  savedText: string;

  private constructor(root: string, zfs: FakeZfs, materialised: MaterialisedSnapshots, savedText: string) {
    this.root = root;
    this.zfs = zfs;
    this.materialised = materialised;
    this.savedText = savedText;
  }

  /** Reads the state file; a missing one is a machine with no pools. */
  static load(root: string): EmulatorState {
    let text: string;
    try {
      text = readFileSync(stateFilePath(root), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      // Random guids, as on a real machine: two emulator roots never share one.
      const zfs = new FakeZfs({ guidSeed: randomBytes(8).readBigUInt64BE() | 1n, clock: emulatorClock() });
      return new EmulatorState(root, zfs, {}, "");
    }
    const file = JSON.parse(text) as Partial<StateFile>;
    if (file.format !== STATE_FORMAT || file.version !== STATE_VERSION) {
      throw new Error(
        `zfs emulator: ${stateFilePath(root)} is not a ${STATE_FORMAT} v${STATE_VERSION} state`,
      );
    }
    // The parsed document is this state's alone: the model takes it over instead of copying it.
    const zfs = FakeZfs.fromJSON(file.model, { handOver: true, clock: emulatorClock() });
    return new EmulatorState(root, zfs, file.materialised ?? {}, text);
  }

  /** Writes the state atomically when it changed since it was loaded or last saved. */
  save(): void {
    const file: StateFile = {
      format: STATE_FORMAT,
      version: STATE_VERSION,
      model: this.zfs.toJSON(),
      materialised: this.materialised,
    };
    const text = JSON.stringify(file);
    if (text === this.savedText) return;
    const temporary = `${stateFilePath(this.root)}.${process.pid}.tmp`;
    writeFileSync(temporary, text);
    renameSync(temporary, stateFilePath(this.root));
    this.savedText = text;
  }

  pools(): string[] {
    return this.zfs.poolNames();
  }
}
