import { isAbsolute } from "node:path";
import { isZrelayError } from "@zrelay/core";
import {
  COMMAND_NOT_EXECUTABLE_EXIT_CODE,
  COMMAND_NOT_FOUND_EXIT_CODE,
  summarizeStderr,
} from "@zrelay/zfs-command";
import type { SshStreamRoute } from "../endpoints/endpoint-factory.js";
import { checkSourceRoots, checkTargetPrefixes, type DatasetFindings } from "./doctor-datasets.js";
import type { DoctorSide } from "./doctor-deps.js";
import { checkPermissions } from "./doctor-permissions.js";
import type { DoctorCheck } from "./doctor-report.js";
import { type SideContext, sideCheck } from "./doctor-side-context.js";
import { parseZfsVersion, versionsDisagree } from "./zfs-version-parser.js";

/** What to look at on one side. */
export interface SidePlan {
  /** Source roots, or target prefixes. */
  readonly datasets: readonly string[];
  /** `zfs allow` permissions the user needs there. */
  readonly needed: readonly string[];
}

/**
 * Connection, zfs, datasets, permissions — in that order, each only when the
 * one before worked, so one cause gives one failure instead of a cascade.
 */
export async function checkSide(
  context: SideContext,
  side: DoctorSide,
  plan: SidePlan,
): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const remote = context.remoteHost !== undefined;
  const connected = () => {
    checks.push(sideCheck(context, "ok", "SSH connection works and the host key is known"));
    if (side.sshStreams !== undefined) checks.push(dataPathCheck(context, side.sshStreams));
  };
  try {
    if (remote && side.connect !== undefined) {
      await side.connect();
      connected();
    }
    const version = await context.runner.run([context.zfs, "version"]);
    if (remote && side.connect === undefined) connected();
    const zfsCheck = checkVersion(context, version, await zfsLocation(context));
    checks.push(zfsCheck);
    if (zfsCheck.status === "fail") return checks;
    const findings: DatasetFindings =
      context.role === "source"
        ? await checkSourceRoots(context, plan.datasets)
        : await checkTargetPrefixes(context, plan.datasets);
    checks.push(...findings.checks);
    checks.push(...(await checkPermissions(context, findings.datasets, plan.needed)));
  } catch (error) {
    checks.push(failureCheck(context, error));
  }
  return checks;
}

/** Which way streams go. ssh2 for want of an ssh binary is a fact worth a line, not a failure. */
function dataPathCheck(context: SideContext, route: SshStreamRoute): DoctorCheck {
  if (route.dataPath === "openssh") {
    return sideCheck(
      context,
      "ok",
      `send/receive streams go through the OpenSSH client ${route.sshBinary} (data path openssh)`,
    );
  }
  const line = "send/receive streams go over zrelay's own SSH connection (data path ssh2)";
  if (route.chosen) return sideCheck(context, "ok", line);
  return sideCheck(
    context,
    "ok",
    `${line}: no OpenSSH client (ssh) in PATH on this machine; install openssh-client for faster streams`,
  );
}

/**
 * Which `zfs` the side runs: the path given, else what the side's shell finds
 * with the PATH zrelay gives it (PATH, /usr/sbin, /sbin). Under sudo, sudo's
 * own secure_path decides and `sh` may not be allowed, so nothing is said.
 */
async function zfsLocation(context: SideContext): Promise<string | undefined> {
  if (isAbsolute(context.zfs)) return context.zfs;
  if (context.sudo) return undefined;
  const found = await context.runner
    // sh by its path: cron's PATH, or one holding nothing but ssh, may not lead to it.
    .run(["/bin/sh", "-c", 'command -v -- "$1"', "sh", context.zfs])
    .catch(() => undefined);
  const path = found?.exitCode === 0 ? found.stdout.trim() : "";
  return isAbsolute(path) ? path : undefined;
}

function checkVersion(
  context: SideContext,
  result: { exitCode: number | null; stdout: string; stderr: string },
  where: string | undefined,
): DoctorCheck {
  if (
    result.exitCode === COMMAND_NOT_FOUND_EXIT_CODE ||
    result.exitCode === COMMAND_NOT_EXECUTABLE_EXIT_CODE
  ) {
    return sideCheck(context, "fail", `the zfs command (${context.zfs}) could not be run`, {
      hint: "Install OpenZFS there (Debian/Ubuntu: apt install zfsutils-linux), or give the full path of zfs (e.g. /usr/sbin/zfs): cron and SSH sessions often lack /usr/sbin in PATH.",
    });
  }
  // Without the kernel module `zfs version` may exit non-zero yet still name the tools.
  const version = parseZfsVersion(result.stdout);
  if (version === undefined) {
    const said =
      summarizeStderr(result.stderr) || summarizeStderr(result.stdout) || `exit ${result.exitCode}`;
    return sideCheck(context, "fail", `\`${context.zfs} version\` failed (${said})`, {
      hint: "zrelay needs OpenZFS 0.8 or later (raw sends, resumable receives); 2.x is what it is tested with.",
    });
  }
  const module =
    version.kernel === undefined ? "kernel module not loaded" : `kernel module ${version.kernel}`;
  const line = `zfs ${version.userland} (${module})${where === undefined ? "" : ` at ${where}`}`;
  if (version.kernel === undefined) {
    return sideCheck(context, "fail", line, {
      hint: "Load the zfs kernel module (modprobe zfs) and import the pools.",
    });
  }
  if (versionsDisagree(version)) {
    return sideCheck(context, "warn", `${line}: the tools and the loaded module differ`, {
      hint: "Reboot (or reload the module) after a zfs upgrade so both match.",
    });
  }
  if (version.major < 2) {
    return sideCheck(context, "warn", `${line}: zrelay is tested with OpenZFS 2.x`);
  }
  return sideCheck(context, "ok", line);
}

function failureCheck(context: SideContext, error: unknown): DoctorCheck {
  if (isZrelayError(error)) {
    return sideCheck(context, "fail", error.message, error.hint === undefined ? {} : { hint: error.hint });
  }
  return sideCheck(context, "fail", error instanceof Error ? error.message : String(error));
}
