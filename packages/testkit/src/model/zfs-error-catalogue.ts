import { datasetErrors } from "./zfs-dataset-errors.js";
import { transferErrors } from "./zfs-transfer-errors.js";

export type { ReceiveAction } from "./zfs-transfer-errors.js";

/**
 * Every message the fake prints, worded exactly as OpenZFS 2.x prints it
 * (lib/libzfs/libzfs_sendrecv.c, libzfs_dataset.c, libzfs_crypto.c,
 * libzfs_util.c, cmd/zfs/zfs_main.c), each a function returning the
 * FakeZfsError with its ErrorCode and exit status. libzfs prints
 * "<action>: <description>"; multi-line descriptions keep ZFS's newlines.
 * The zfs emulator prints `error.message` + "\n" and exits `error.exitStatus`.
 */
export const zfsErrors = { ...datasetErrors, ...transferErrors } as const;
