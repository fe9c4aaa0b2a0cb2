import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CliSandbox } from "./cli-sandbox.js";

/** The encryption root on the backup server that pulled hosts are received under. */
export const BACKUPS = "backuppool/encryptedbackups";
/** Where the pull of host-storage lands: the tree a push sends offsite. */
export const PULLED = `${BACKUPS}/host-storage`;

/**
 * Makes `box` a backup server: pool `backuppool` with the encryption root
 * `BACKUPS` (passphrase in a key file); returns the key file's path.
 */
export async function createBackupServer(box: CliSandbox): Promise<string> {
  await box.zpool("create", "backuppool");
  const keyFile = join(box.root, "backup.key");
  writeFileSync(keyFile, "correct horse battery staple\n");
  await box.zfs(
    "create",
    ...["-o", "encryption=on", "-o", "keyformat=passphrase", "-o", `keylocation=file://${keyFile}`],
    BACKUPS,
  );
  return keyFile;
}

/** `zrelay push` of the pulled tree to `target-root` on the host that `connection` names. */
export function pushArguments(connection: readonly string[], targetRoot: string): string[] {
  return ["push", ...connection, "--strip-prefix", BACKUPS, "--target-root", targetRoot, PULLED];
}
