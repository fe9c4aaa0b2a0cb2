import { poolOf } from "@zrelay/core";
import { summarizeStderr } from "@zrelay/zfs-command";
import { selfAndAncestors } from "./doctor-places.js";
import type { DoctorCheck } from "./doctor-report.js";
import { listWords, type SideContext, sideCheck } from "./doctor-side-context.js";

/** Checks plus the datasets whose permissions are worth checking next. */
export interface DatasetFindings {
  readonly checks: DoctorCheck[];
  readonly datasets: string[];
}

const ABSENT = /dataset does not exist|no such pool/;

/** Which of `names` exist, with one `zfs list`; undefined (and a failed check) when zfs itself failed. */
async function listExisting(context: SideContext, names: readonly string[], checks: DoctorCheck[]) {
  const result = await context.runner.run([context.zfs, "list", "-H", "-o", "name", ...names]);
  const unexpected = result.stderr.split("\n").filter((line) => line.trim() !== "" && !ABSENT.test(line));
  if (result.exitCode !== 0 && unexpected.length > 0) {
    checks.push(sideCheck(context, "fail", `zfs list failed: ${summarizeStderr(unexpected.join("\n"))}`));
    return undefined;
  }
  return new Set(result.stdout.split("\n").map((line) => line.trim()));
}

/** The source roots must exist: zrelay replicates each with everything below it. */
export async function checkSourceRoots(
  context: SideContext,
  roots: readonly string[],
): Promise<DatasetFindings> {
  const checks: DoctorCheck[] = [];
  const found = await listExisting(context, roots, checks);
  if (found === undefined) return { checks, datasets: [] };
  const present = roots.filter((root) => found.has(root));
  if (present.length > 0) {
    checks.push(sideCheck(context, "ok", `${listWords(present)} ${present.length > 1 ? "exist" : "exists"}`));
  }
  for (const root of roots.filter((candidate) => !found.has(candidate))) {
    checks.push(
      sideCheck(context, "fail", `${root} does not exist`, {
        hint: `Check the name with \`zfs list -r ${poolOf(root)}\` there, or take it out of the job.`,
      }),
    );
  }
  return { checks, datasets: present };
}

/**
 * Each target prefix needs an existing ancestor (at least its pool): zrelay
 * creates what is missing below it. The deepest existing one is where the
 * delegated permissions must be.
 */
export async function checkTargetPrefixes(
  context: SideContext,
  prefixes: readonly string[],
): Promise<DatasetFindings> {
  const checks: DoctorCheck[] = [];
  const found = await listExisting(context, [...new Set(prefixes.flatMap(selfAndAncestors))], checks);
  if (found === undefined) return { checks, datasets: [] };
  const anchors: string[] = [];
  for (const prefix of prefixes) {
    const anchor = selfAndAncestors(prefix).find((dataset) => found.has(dataset));
    if (anchor === undefined) {
      checks.push(
        sideCheck(context, "fail", `pool ${poolOf(prefix)} does not exist, so ${prefix} cannot be created`, {
          hint: "Create the pool, or point the job at a dataset in a pool that exists.",
        }),
      );
      continue;
    }
    const text =
      anchor === prefix
        ? `${prefix} exists`
        : `${prefix} does not exist yet; zrelay will create it below ${anchor} (canmount=off)`;
    checks.push(sideCheck(context, "ok", text));
    if (!anchors.includes(anchor)) anchors.push(anchor);
  }
  return { checks, datasets: anchors };
}
