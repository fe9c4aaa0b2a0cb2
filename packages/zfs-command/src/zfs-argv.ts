/*
 * The zfs command lines zrelay runs (OpenZFS 2.x). Every function takes names
 * and values that were already checked, and returns an argv array: argv is the
 * only form a command ever takes, so a runner never needs a shell to split it.
 */

/** Properties `listDatasets` reads, in one `zfs get` call per root. */
export const DATASET_PROPERTIES = [
  "type",
  "guid",
  "encryption",
  "encryptionroot",
  "keystatus",
  "canmount",
  "receive_resume_token",
  "written",
] as const;

export function getDatasetsArgv(zfs: string, root: string): string[] {
  return [
    zfs,
    "get",
    "-H",
    "-p",
    "-o",
    "name,property,value",
    "-r",
    "-t",
    "filesystem,volume",
    DATASET_PROPERTIES.join(","),
    root,
  ];
}

export function listSnapshotsArgv(zfs: string, root: string): string[] {
  return [
    zfs,
    "list",
    "-H",
    "-p",
    "-o",
    "name,guid,createtxg,creation,userrefs",
    "-t",
    "snapshot,bookmark",
    "-r",
    root,
  ];
}

/** Lists which of `names` exist: absent ones go to stderr, present ones to stdout. */
export function listExistingArgv(zfs: string, names: readonly string[]): string[] {
  return [zfs, "list", "-H", "-o", "name", "-t", "filesystem,volume", ...names];
}

/** What `zfs send` is asked for, after checking. */
export type SendForm =
  | { readonly kind: "resume"; readonly token: string }
  | {
      readonly kind: "snapshot";
      readonly snapshot: string;
      readonly from?: string;
      readonly intermediates: boolean;
      readonly raw: boolean;
    };

/**
 * `zfs send [-w | -L -e -c] [-i|-I FROM] SNAP` or `zfs send -t TOKEN`.
 * `-w` already implies -L -e -c. A resume takes no stream flags: the token
 * carries them (`largeblockok`, `embedok`, `compressok`, `rawok`) and
 * zfs_send_resume ORs them in, so a raw stream resumes raw without `-w`.
 * `dryRun` adds `-n -P`: estimate only, parsable `size` line.
 */
export function sendArgv(zfs: string, form: SendForm, dryRun = false): string[] {
  const argv = [zfs, "send", ...(dryRun ? ["-n", "-P"] : [])];
  if (form.kind === "resume") return [...argv, "-t", form.token];
  argv.push(...(form.raw ? ["-w"] : ["-L", "-e", "-c"]));
  if (form.from !== undefined) argv.push(form.intermediates ? "-I" : "-i", form.from);
  argv.push(form.snapshot);
  return argv;
}

export interface ReceiveForm {
  readonly dataset: string;
  readonly resumable: boolean;
  readonly force: boolean;
  readonly setProperties: ReadonlyArray<readonly [string, string]>;
  readonly excludeProperties: readonly string[];
}

/** `zfs receive -u [-s] [-F] [-o p=v]... [-x p]... DATASET`; `-u`: backups are never mounted. */
export function receiveArgv(zfs: string, form: ReceiveForm): string[] {
  return [
    zfs,
    "receive",
    "-u",
    ...(form.resumable ? ["-s"] : []),
    ...(form.force ? ["-F"] : []),
    ...form.setProperties.flatMap(([name, value]) => ["-o", `${name}=${value}`]),
    ...form.excludeProperties.flatMap((name) => ["-x", name]),
    form.dataset,
  ];
}

export function abortReceiveArgv(zfs: string, dataset: string): string[] {
  return [zfs, "receive", "-A", dataset];
}

/** `zfs create -o p=v... NAME`, never `-p` (see createParents). */
export function createArgv(
  zfs: string,
  dataset: string,
  properties: ReadonlyArray<readonly [string, string]>,
): string[] {
  return [zfs, "create", ...properties.flatMap(([name, value]) => ["-o", `${name}=${value}`]), dataset];
}

export function holdArgv(zfs: string, snapshot: string, tag: string): string[] {
  return [zfs, "hold", tag, snapshot];
}

export function releaseArgv(zfs: string, snapshot: string, tag: string): string[] {
  return [zfs, "release", tag, snapshot];
}

export function holdsArgv(zfs: string, snapshot: string): string[] {
  return [zfs, "holds", "-H", snapshot];
}

/** `zfs snapshot a@x b@x …`: one lzc_snapshot call, atomic. */
export function snapshotArgv(zfs: string, snapshots: readonly string[]): string[] {
  return [zfs, "snapshot", ...snapshots];
}

export function bookmarkArgv(zfs: string, snapshot: string, bookmark: string): string[] {
  return [zfs, "bookmark", snapshot, bookmark];
}

export function rollbackArgv(zfs: string, snapshot: string): string[] {
  return [zfs, "rollback", "-r", snapshot];
}

export function destroyArgv(zfs: string, snapshotOrBookmark: string): string[] {
  return [zfs, "destroy", snapshotOrBookmark];
}

/** `zfs destroy dataset@a,b,c`: one command, never -r. */
export function destroySnapshotsArgv(zfs: string, dataset: string, shortNames: readonly string[]): string[] {
  return [zfs, "destroy", `${dataset}@${shortNames.join(",")}`];
}
