import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A key and known_hosts file that log root in to this machine's own sshd. */
export interface LabLogin {
  readonly dir: string;
  readonly identity: string;
  readonly knownHosts: string;
}

/**
 * Inside the zfs-lab VM, zrelay reaches the pools "remotely" through the VM's own
 * sshd on 127.0.0.1. A fresh client key is authorized for root (the VM's root disk
 * is discarded at stop), and the host key is verified against a known_hosts file
 * written from the VM's own key.
 */
export function loginToThisMachine(): LabLogin {
  const dir = mkdtempSync(join(tmpdir(), "zrelay-real-ssh-"));
  const identity = join(dir, "id_ed25519");
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", identity]);
  mkdirSync("/root/.ssh", { recursive: true, mode: 0o700 });
  writeFileSync("/root/.ssh/authorized_keys", readFileSync(`${identity}.pub`), { flag: "a" });
  const knownHosts = join(dir, "known_hosts");
  const hostKey = readFileSync("/etc/ssh/ssh_host_ed25519_key.pub", "utf8").split(" ").slice(0, 2).join(" ");
  writeFileSync(knownHosts, `127.0.0.1 ${hostKey}\n`);
  return { dir, identity, knownHosts };
}
