/**
 * The settings a hint may tell the user to change. Core and the adapters name
 * them by these policy names, never as a command-line flag or a config key:
 * only the application knows how its user spells a setting (the zrelay CLI
 * prints `--allow-rollback` after a command-line run and the config key after
 * a config-file run).
 */
export const PolicyName = {
  /** Permit the planned rollback of a diverged target. */
  allowRollback: "allowRollback",
  /** Permit a full receive over an existing target that has no snapshots. */
  force: "force",
  /** Dataset globs left out of a job, with their descendants. */
  exclude: "exclude",
  /** Push unencrypted sources too (still raw). */
  allowUnencrypted: "allowUnencrypted",
  /** The private key an SSH side logs in with. */
  identity: "identity",
  /** How send/receive streams travel over SSH (`openssh` or `ssh2`). */
  sshDataPath: "sshDataPath",
  /** Record the key of a host not yet in known_hosts. */
  acceptNewHostKey: "acceptNewHostKey",
  /** Run remote zfs commands through `sudo -n`. */
  sudo: "sudo",
  /** The absolute path of `zfs` on a side whose PATH lacks it. */
  zfsPath: "zfsPath",
} as const;
export type PolicyName = (typeof PolicyName)[keyof typeof PolicyName];

/** One policy named in a hint, with the value the hint suggests (`sshDataPath` = `ssh2`). */
export interface PolicyReference {
  readonly policy: PolicyName;
  readonly value?: string;
}

// `{{allowRollback}}`, `{{sshDataPath=ssh2}}`: a marker no zfs name or command contains.
const REFERENCE = /\{\{([A-Za-z]+)(?:=([^}]*))?\}\}/g;

/** The marker for `policy` inside a hint or note; `renderPolicyReferences` replaces it. */
export function policyReference(policy: PolicyName, value?: string): string {
  return value === undefined ? `{{${policy}}}` : `{{${policy}=${value}}}`;
}

/** `text` with every policy marker replaced by how the application spells it. */
export function renderPolicyReferences(text: string, spell: (reference: PolicyReference) => string): string {
  return text.replace(REFERENCE, (marker, name: string, value: string | undefined) => {
    if (!isPolicyName(name)) return marker;
    return spell(value === undefined ? { policy: name } : { policy: name, value });
  });
}

/** The policies `text` names, in order. */
export function policyReferencesIn(text: string): PolicyReference[] {
  const references: PolicyReference[] = [];
  renderPolicyReferences(text, (reference) => {
    references.push(reference);
    return "";
  });
  return references;
}

function isPolicyName(name: string): name is PolicyName {
  return Object.hasOwn(PolicyName, name);
}
