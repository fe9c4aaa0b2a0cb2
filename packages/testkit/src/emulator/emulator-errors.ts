import { ErrorCode } from "@zrelay/core";
import { FakeZfsError } from "../model/fake-zfs-error.js";

/*
 * Messages the emulator prints beyond the model's catalogue: command-line
 * mistakes, mounting, key material and the emulator's own limits. Worded as
 * OpenZFS 2.3.2 prints them (checked in the lab where marked "seen").
 */

const fail = (code: ErrorCode, text: string, dataset?: string, exitStatus: 1 | 2 | 255 = 1) =>
  new FakeZfsError(code, text, { dataset, exitStatus });

export const emulatorErrors = {
  /** A command-line mistake: the message, then the subcommand's usage; exit 2 (seen). */
  usage: (message: string, usage: string | undefined) =>
    fail(ErrorCode.USAGE, usage === undefined ? message : `${message}\nusage:\n\t${usage}`, undefined, 2),
  /** Something real zfs does that the emulator does not (documented in docs/zfs-emulator.md). */
  unsupported: (what: string) =>
    fail(ErrorCode.UNSUPPORTED, `zfs emulator: ${what} is not supported (see docs/zfs-emulator.md)`),

  // zfs mount / unmount (seen)
  mountNotApplicable: (dataset: string) =>
    fail(
      ErrorCode.USAGE,
      `cannot open '${dataset}': operation not applicable to datasets of this type`,
      dataset,
    ),
  mountCanmountOff: (dataset: string) =>
    fail(ErrorCode.COMMAND_FAILED, `cannot mount '${dataset}': 'canmount' property is set to 'off'`, dataset),
  mountAlready: (dataset: string) =>
    fail(ErrorCode.COMMAND_FAILED, `cannot mount '${dataset}': filesystem already mounted`, dataset),
  mountNoMountpoint: (dataset: string) =>
    fail(ErrorCode.COMMAND_FAILED, `cannot mount '${dataset}': no mountpoint set`, dataset),
  mountLegacy: (dataset: string) =>
    fail(
      ErrorCode.COMMAND_FAILED,
      `cannot mount '${dataset}': legacy mountpoint\nuse mount(8) to mount this filesystem`,
      dataset,
    ),
  /** The emulator only makes directories under its state root. */
  mountOutsideRoot: (dataset: string, mountpoint: string) =>
    fail(
      ErrorCode.COMMAND_FAILED,
      `cannot mount '${dataset}': zfs emulator: mountpoint '${mountpoint}' is outside ZRELAY_FAKE_ZFS_ROOT`,
      dataset,
    ),
  unmountNotMounted: (dataset: string) =>
    fail(ErrorCode.COMMAND_FAILED, `cannot unmount '${dataset}': not currently mounted`, dataset),
  createdNotMounted: (dataset: string, reason: FakeZfsError) =>
    fail(
      ErrorCode.COMMAND_FAILED,
      `${reason.message}\nfilesystem successfully created, but not mounted`,
      dataset,
    ),

  // Key material (libzfs_crypto.c; seen for passphrases)
  keyMaterial: (action: string, problem: string, dataset: string) =>
    fail(ErrorCode.USAGE, `${action}: ${problem}`, dataset, action.startsWith("Key") ? 255 : 1),
  keyIncorrect: (dataset: string) =>
    fail(ErrorCode.KEY_NOT_LOADED, `Key load error: Incorrect key provided for '${dataset}'.`, dataset, 255),
  keyBusy: (dataset: string) =>
    fail(ErrorCode.COMMAND_FAILED, `Key unload error: '${dataset}' is busy.`, dataset, 255),

  // zpool
  poolExists: (pool: string) =>
    fail(ErrorCode.DATASET_EXISTS, `cannot create '${pool}': pool already exists`, pool),
  noSuchPool: (pool: string) =>
    fail(ErrorCode.DATASET_NOT_FOUND, `cannot open '${pool}': no such pool`, pool),
} as const;
