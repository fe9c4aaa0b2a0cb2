/** What a hint about a failed zfs operation may name. */
export interface ZfsHintContext {
  /** Host as the user wrote it. */
  readonly host: string;
  /** Dataset, snapshot or bookmark the operation was about, as it named it. */
  readonly dataset: string;
  /** The operation (`send`, `receive`, `destroy`…): some hints read differently on either side. */
  readonly operation: string;
  /** `zfs allow` permissions the operation needs; none known when absent. */
  readonly permissions?: readonly string[];
  /** Dataset to grant them on. */
  readonly allowOn?: string;
  /** The user zrelay runs zfs as there, when known. */
  readonly user?: string | undefined;
  /** Short name of the dataset's most recent snapshot, when whoever failed knows it. */
  readonly latestSnapshot?: string | undefined;
}

const datasetPart = (name: string) => name.replace(/[@#].*$/, "");

const rerun = "Run zrelay again; a resumable receive continues where it stopped.";

/**
 * What to do after each zfs failure zrelay recognises, written once: the
 * command adapter's stderr rules (zfs-command/src/zfs-stderr-rules.ts) and the
 * in-memory fake both take their hints from here, so a test on the fake reads
 * what a user of the real command reads.
 */
export const ZFS_FAILURE_HINTS = {
  mountNeedsRoot: ({ host }: ZfsHintContext) =>
    `Only root can mount on ${host}. zrelay receives with -u and creates missing parents with canmount=off; set canmount=off on the parent that tried to mount (zfs set canmount=off <dataset>), or create it as root.`,
  grantPermissions: ({ host, permissions = [], allowOn, user, dataset }: ZfsHintContext) =>
    permissions.length === 0
      ? `Run zrelay as a user that may run this zfs command on ${host}.`
      : `Grant the permissions as root on ${host}: zfs allow ${user ?? "<user>"} ${permissions.join(",")} ${allowOn ?? datasetPart(dataset)}`,
  destinationModified: ({ dataset, host, latestSnapshot }: ZfsHintContext) => {
    const latest = `${dataset}@${latestSnapshot ?? "<latest snapshot>"}`;
    return `Something changed ${dataset} on ${host} after its most recent snapshot (often atime updates or a process writing into a mounted backup). See what with \`zfs diff ${latest}\`, discard it with \`zfs rollback ${latest}\`, and keep backups unchanged with \`zfs set readonly=on ${dataset}\`.`;
  },
  incrementalMismatch: ({ dataset, host }: ZfsHintContext) =>
    `The stream's base is not the most recent snapshot of ${datasetPart(dataset)} on ${host}. Compare guids on both hosts (zfs list -t snapshot -o name,guid -s createtxg ${datasetPart(dataset)}) and run zrelay again so it plans from the current state.`,
  resumeFromSavedState: () => rerun,
  receiverStopped: () =>
    "See why the receive failed, then run zrelay again; a resumable receive continues where it stopped.",
  sourcePoolIo: () => "Run zrelay again; if it repeats, check the source pool's health (zpool status).",
  senderStopped: () =>
    "The sending side stopped before the end of the stream; see why the send failed, then run zrelay again.",
  discardPartialReceive: ({ operation, host, dataset }: ZfsHintContext) =>
    operation === "send"
      ? "The partial receive on the target no longer matches the source. Discard it on the target with `zfs receive -A <target dataset>`, then run zrelay again to start over."
      : `Discard the partial receive on ${host} with \`zfs receive -A ${datasetPart(dataset)}\`, then run zrelay again to start over.`,
  streamDamaged: ({ host }: ZfsHintContext) =>
    `The stream was damaged or is of a kind ${host} cannot receive. Run zrelay again; if it repeats, compare the OpenZFS versions of both hosts (zfs version).`,
  poolFull: ({ dataset, host }: ZfsHintContext) =>
    `Free space on ${host} (destroy old snapshots, raise the quota of ${datasetPart(dataset)}, or grow the pool), then run zrelay again.`,
  datasetExists: ({ dataset, host }: ZfsHintContext) =>
    `${dataset} already exists on ${host} and a full stream would replace it. Receive into another dataset, or remove it yourself if it holds nothing you need.`,
  keyNotLoaded: ({ operation, host, dataset }: ZfsHintContext) =>
    operation === "send"
      ? `Load the key on ${host} (zfs load-key <encryption root of ${datasetPart(dataset)}>), or send raw so no key is needed (zrelay's default for encrypted datasets).`
      : `Load the key of the target's encryption root on ${host} (zfs load-key), or receive a raw stream.`,
  snapshotHeld: ({ dataset }: ZfsHintContext) =>
    `See the holds with \`zfs holds ${dataset}\` and release them with \`zfs release <tag> ${dataset}\` once nothing needs them.`,
  bookmarkSendsOne: () => "Send from a bookmark with -i (one snapshot at a time), not -I.",
  receiveProperties: () =>
    "Check the properties zrelay was configured to set (-o) or exclude (-x) on receive.",
  checkName: ({ dataset, host }: ZfsHintContext) =>
    `Check the name on ${host}: zfs list -t all -r ${datasetPart(dataset)}`,
  /** A failure zrelay does not recognise. */
  runByHand: ({ host }: ZfsHintContext) => `Run the same command by hand on ${host} to see the whole output.`,
} as const satisfies Record<string, (context: ZfsHintContext) => string>;

/** One case of `ZFS_FAILURE_HINTS`. */
export type ZfsFailureHint = keyof typeof ZFS_FAILURE_HINTS;

/** The hint of one case, in context. */
export function zfsFailureHint(hint: ZfsFailureHint, context: ZfsHintContext): string {
  return ZFS_FAILURE_HINTS[hint](context);
}
