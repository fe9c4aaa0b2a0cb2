import type { DatasetReport, RunReport } from "@zrelay/core";

/** One dataset of a push as the run summary shows it. */
export interface RawPushDatasetSummary {
  readonly source: string;
  readonly target: string;
  readonly outcome: DatasetReport["outcome"];
  /**
   * `encryption` of the target copy (`aes-256-gcm`, or `off` for a source pushed with
   * `--allow-unencrypted`): read back after its last receive, else as listed before
   * the run. Undefined when it was neither received nor there before.
   */
  readonly encryption: string | undefined;
  /**
   * The target copy's encryption root. A dataset pushed on its own is its own root
   * on the target (see docs/restore-encrypted-backups.md), so each needs `zfs load-key`.
   */
  readonly encryptionRoot: string | undefined;
  /** The bookmark keeping the chain on the source, if there is one. */
  readonly bookmark: string | undefined;
  /** The snapshot this route holds on the source, if holds are on. */
  readonly held: string | undefined;
}

/** `executeRun`'s report, refused datasets included as failed, plus the per-dataset summary. */
export interface RawPushReport extends RunReport {
  /** One per planned dataset, in input order. */
  readonly summaries: readonly RawPushDatasetSummary[];
}
