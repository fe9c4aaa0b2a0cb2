/**
 * Jobs `zrelay run` runs at once when neither `parallel-jobs:` nor
 * `--parallel-jobs` says: 4. A backup server's pulls spend most of their time
 * waiting on a link or a remote disk, so a few at once cut the nightly window
 * (bench/fleet.mjs: 20 paced hosts) and keep one slow or unreachable host from
 * holding up the rest; more than a few mostly adds concurrent `zfs receive`
 * writers to the same local pool and SSH connections for little gain. Jobs that
 * feed each other still run one after the other (see `jobWaits`).
 */
export const DEFAULT_PARALLEL_JOBS = 4;

/** A bound that catches a typo (4000 for 40) before it opens thousands of connections. */
export const MAX_PARALLEL_JOBS = 256;
