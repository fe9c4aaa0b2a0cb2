import { existsSync } from "node:fs";

/** The sshd the SSH test suites start on loopback (testkit's startTestSshd default). */
export const TEST_SSHD_PATH = "/usr/sbin/sshd";

/** Test files that start a loopback sshd: they cannot run without one. */
export const SSHD_SUITES: readonly string[] = [
  "packages/testkit/src/sshd/test-sshd.test.ts",
  "packages/zfs-ssh/src/ssh-conformance-*.test.ts",
  "packages/zfs-ssh/src/ssh-control.test.ts",
  "packages/zfs-ssh/src/ssh-endpoint.test.ts",
  "packages/zfs-ssh/src/ssh-host-keys.test.ts",
  "packages/zfs-ssh/src/ssh-login.test.ts",
  "packages/zfs-ssh/src/ssh-resume.test.ts",
  "packages/zfs-ssh/src/ssh-streams.test.ts",
  "test/cli/ssh-*.test.ts",
];

/** What the test run does about the SSH suites. */
export type SshdDecision =
  | { readonly action: "run" }
  | { readonly action: "skip"; readonly line: string }
  | { readonly action: "fail"; readonly message: string };

/**
 * A machine without sshd (a fresh Debian with only Node) skips the SSH suites,
 * saying so in one line; CI must run them, so there a missing sshd fails the run.
 */
export function sshdDecision(options: { readonly sshdPresent: boolean; readonly ci?: string }): SshdDecision {
  if (options.sshdPresent) return { action: "run" };
  const missing = `${TEST_SSHD_PATH} not found: install openssh-server (apt-get install openssh-server)`;
  if (options.ci === "true" || options.ci === "1") {
    return { action: "fail", message: `CI runs the SSH test suites, but ${missing}` };
  }
  return {
    action: "skip",
    line: `skipped the SSH test suites (${SSHD_SUITES.join(", ")}): ${missing}`,
  };
}

/** The decision for this machine: `ZRELAY_TEST_SSHD` may name another sshd (to check the skip). */
export function sshdDecisionHere(environment: NodeJS.ProcessEnv = process.env): SshdDecision {
  return sshdDecision({
    sshdPresent: existsSync(environment.ZRELAY_TEST_SSHD ?? TEST_SSHD_PATH),
    ...(environment.CI === undefined ? {} : { ci: environment.CI }),
  });
}
