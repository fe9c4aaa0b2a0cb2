import { type PolicyName, type PolicyReference, renderPolicyReferences } from "@zrelay/core";
import type { RunOrigin } from "../job/job-definition.js";

/** How a policy is spelled: its flag, its config key, and whether it is a switch (`true` in the config). */
interface PolicySpelling {
  readonly flag: string;
  readonly key: string;
  readonly switch: boolean;
}

const SPELLINGS: Readonly<Record<PolicyName, PolicySpelling>> = {
  allowRollback: { flag: "--allow-rollback", key: "allow-rollback", switch: true },
  force: { flag: "--force", key: "force", switch: true },
  exclude: { flag: "--exclude", key: "exclude", switch: false },
  allowUnencrypted: { flag: "--allow-unencrypted", key: "allow-unencrypted", switch: true },
  identity: { flag: "--identity", key: "identity", switch: false },
  sshDataPath: { flag: "--ssh-data-path", key: "ssh-data-path", switch: false },
  acceptNewHostKey: { flag: "--accept-new-host-key", key: "accept-new-host-key", switch: true },
  sudo: { flag: "--sudo", key: "sudo", switch: true },
  zfsPath: { flag: "--zfs-path or --remote-zfs-path", key: "zfs-path", switch: false },
};

/**
 * Hints and notes speak to where the user is: after a command-line run a
 * policy reads as its flag (`--ssh-data-path ssh2`), after a config-file run as
 * the key to write (`ssh-data-path: ssh2`, `allow-rollback: true`).
 */
export function policyWording(origin: RunOrigin): (text: string) => string {
  const spell = origin === "config" ? asConfigKey : asFlag;
  return (text) => renderPolicyReferences(text, spell);
}

function asFlag({ policy, value }: PolicyReference): string {
  const { flag } = SPELLINGS[policy];
  return value === undefined ? flag : `${flag} ${value}`;
}

function asConfigKey({ policy, value }: PolicyReference): string {
  const spelling = SPELLINGS[policy];
  const shown = value ?? (spelling.switch ? "true" : undefined);
  return shown === undefined ? `${spelling.key}:` : `${spelling.key}: ${shown}`;
}
