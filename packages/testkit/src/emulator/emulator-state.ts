import { randomBytes } from "node:crypto";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FakeZfs } from "../model/fake-zfs.js";
import type { FakeZfsJson } from "../model/model-serialisation.js";
import { emulatorClock } from "./emulator-clock.js";

/** What the emulator keeps beside the model: what real ZFS keeps outside the DMU. */
export interface EmulatorExtras {
  /** Mounted filesystems, by name. */
  mounted: string[];
  /** Encryption root → `keylocation` given to `zfs create` (the model reports `prompt`). */
  keyLocations: Record<string, string>;
  /** Wrapping key id (decimal) → sha256 of its key material, so `load-key` can refuse a wrong one. */
  keyDigests: Record<string, string>;
  /** Snapshot full name → user properties given to `zfs snapshot -o`. */
  snapshotProperties: Record<string, Record<string, string>>;
  /** Dataset → snapshot name → guid that `<mountpoint>/.zfs/snapshot/<name>` was written from. */
  materialised: Record<string, Record<string, string>>;
}

const STATE_FORMAT = "zrelay-zfs-emulator";
const STATE_VERSION = 1;

interface StateFile {
  readonly format: typeof STATE_FORMAT;
  readonly version: number;
  readonly model: FakeZfsJson;
  readonly extras: EmulatorExtras;
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
 * One loaded copy of the emulator's state: the FakeZfs model plus extras.
 * Loaded and saved only under the state lock (see state-transaction.ts).
 */
export class EmulatorState {
  readonly root: string;
  readonly zfs: FakeZfs;
  readonly extras: EmulatorExtras;
  /** The file's text as loaded or last saved; "" when there was no file. */
  savedText: string;

  private constructor(root: string, zfs: FakeZfs, extras: EmulatorExtras, savedText: string) {
    this.root = root;
    this.zfs = zfs;
    this.extras = extras;
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
      return new EmulatorState(root, zfs, emptyExtras(), "");
    }
    const file = JSON.parse(text) as Partial<StateFile>;
    if (file.format !== STATE_FORMAT || file.version !== STATE_VERSION) {
      throw new Error(
        `zfs emulator: ${stateFilePath(root)} is not a ${STATE_FORMAT} v${STATE_VERSION} state`,
      );
    }
    // The parsed document is this state's alone: the model takes it over instead of copying it.
    const zfs = FakeZfs.fromJSON(file.model, { handOver: true, clock: emulatorClock() });
    return new EmulatorState(root, zfs, { ...emptyExtras(), ...file.extras }, text);
  }

  /** Writes the state atomically when it changed since it was loaded or last saved. */
  save(): void {
    const file: StateFile = {
      format: STATE_FORMAT,
      version: STATE_VERSION,
      model: this.zfs.toJSON(),
      extras: this.extras,
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

  /** Forgets extras of snapshots and encryption roots that no longer exist. */
  prune(): void {
    const { snapshotProperties, keyLocations } = this.extras;
    for (const name of Object.keys(snapshotProperties)) {
      if (!this.zfs.exists(name)) delete snapshotProperties[name];
    }
    for (const name of Object.keys(keyLocations)) {
      if (!this.zfs.exists(name) || this.zfs.dataset(name).encryptionRoot !== name) delete keyLocations[name];
    }
  }

  isMounted(dataset: string): boolean {
    return this.extras.mounted.includes(dataset);
  }

  setMounted(dataset: string, mounted: boolean): void {
    const others = this.extras.mounted.filter((name) => name !== dataset);
    this.extras.mounted = mounted ? [...others, dataset].sort() : others;
  }
}

function emptyExtras(): EmulatorExtras {
  return { mounted: [], keyLocations: {}, keyDigests: {}, snapshotProperties: {}, materialised: {} };
}
