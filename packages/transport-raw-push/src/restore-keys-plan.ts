import { type Dataset, depthOf, isEncrypted } from "@zrelay/core";

/** One `zfs load-key` of a restore. */
export interface RestoreKeyStep {
  /** The encryption root whose key this loads. */
  readonly encryptionRoot: string;
  /** Every listed dataset this key unlocks, in listing order (the root itself when listed). */
  readonly datasets: readonly string[];
  /** The key is loaded already (`keystatus=available`): the step need not run. */
  readonly loaded: boolean;
  /** `zfs load-key [-L LOCATION] ROOT`, as an argv array. */
  readonly argv: readonly string[];
  /** The same command for a person to read or paste, quoted for a POSIX shell. */
  readonly commandLine: string;
}

/** Options of `restoreKeysPlan`. */
export interface RestoreKeysOptions {
  /**
   * `-L` for every step, e.g. `file:///root/backup.key`. Default none: each root's
   * own `keylocation`, which is `prompt` after a raw receive. (`zfs load-key -r`
   * refuses `-L` with anything but `prompt`, hence one command per root.)
   */
  readonly keyLocation?: string;
  /** Name or path of the zfs command. Default `zfs`. */
  readonly zfsCommand?: string;
}

/**
 * The `zfs load-key` commands that unlock a pushed tree, one per encryption root,
 * ancestors first. Pure: `datasets` is what `listDatasets` returned for the target
 * root. Every dataset zrelay pushes is its own encryption root on the target
 * (OpenZFS keeps the hierarchy only with `send -R`), so there is usually one step
 * per dataset, all taking the same passphrase or key. Unencrypted datasets need
 * none and are left out.
 */
export function restoreKeysPlan(
  datasets: readonly Pick<Dataset, "name" | "encryption" | "encryptionRoot" | "keyStatus">[],
  options: RestoreKeysOptions = {},
): RestoreKeyStep[] {
  const zfs = options.zfsCommand ?? "zfs";
  const roots = new Map<string, { datasets: string[]; loaded: boolean; position: number }>();
  for (const dataset of datasets) {
    if (!isEncrypted(dataset)) continue;
    const root = dataset.encryptionRoot ?? dataset.name;
    const entry = roots.get(root) ?? { datasets: [], loaded: true, position: roots.size };
    entry.datasets.push(dataset.name);
    // keystatus is the root's; any dataset of it reporting unavailable means the key is not loaded.
    entry.loaded &&= dataset.keyStatus === "available";
    roots.set(root, entry);
  }
  const ordered = [...roots.entries()].sort(
    ([a, first], [b, second]) => depthOf(a) - depthOf(b) || first.position - second.position,
  );
  return ordered.map(([encryptionRoot, entry]) => {
    const location = options.keyLocation === undefined ? [] : ["-L", options.keyLocation];
    const argv = [zfs, "load-key", ...location, encryptionRoot];
    return {
      encryptionRoot,
      datasets: entry.datasets,
      loaded: entry.loaded,
      argv,
      commandLine: argv.map(shellQuoted).join(" "),
    };
  });
}

/** POSIX single-quoting, only where needed: dataset names may contain spaces. */
function shellQuoted(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
