import { isZrelayError } from "@zrelay/core";
import { ssh2NativeCryptoAvailable } from "@zrelay/zfs-ssh";
import type { JobDefinition } from "../job/job-definition.js";
import { packagedBuild } from "../system/packaged-build.js";
import type { DoctorDeps } from "./doctor-deps.js";
import { targetPrefixes } from "./doctor-places.js";
import { type DoctorCheck, type DoctorReport, doctorReport } from "./doctor-report.js";
import { checkSide } from "./doctor-side.js";
import type { SideContext } from "./doctor-side-context.js";
import { nativeCryptoCheck } from "./native-crypto-check.js";
import { type DoctorRole, defaultBookmarks, requiredPermissions } from "./required-permissions.js";

/**
 * Preflight for one job: for each side, whether SSH connects with a known host
 * key, which zfs is installed, whether the datasets exist, and whether the user
 * has the `zfs allow` permissions zrelay needs (with the exact `zfs allow`
 * lines when not). Changes nothing. Never rejects: every failure is a check.
 */
export async function runDoctor(job: JobDefinition, deps: DoctorDeps): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  if (job.source.host !== undefined || job.target.host !== undefined) {
    const available = (deps.nativeCryptoAvailable ?? ssh2NativeCryptoAvailable)();
    const dataPath = (deps.source.sshStreams ?? deps.target.sshStreams)?.dataPath;
    checks.push(nativeCryptoCheck(available, deps.packaged ?? packagedBuild(), dataPath));
  }
  const features = { bookmarks: deps.bookmarks ?? defaultBookmarks(job) };
  let prefixes: string[];
  try {
    prefixes = targetPrefixes(job);
  } catch (error) {
    if (!isZrelayError(error)) throw error;
    return doctorReport([
      ...checks,
      { status: "fail", line: error.message, ...(error.hint ? { hint: error.hint } : {}) },
    ]);
  }
  const [source, target] = await Promise.all([
    checkSide(sideContext("source", job, deps), deps.source, {
      datasets: job.datasets,
      needed: requiredPermissions("source", job, features),
    }),
    checkSide(sideContext("target", job, deps), deps.target, {
      datasets: prefixes,
      needed: requiredPermissions("target", job, features),
    }),
  ]);
  return doctorReport([...checks, ...source, ...target]);
}

function sideContext(role: DoctorRole, job: JobDefinition, deps: DoctorDeps): SideContext {
  const spec = role === "source" ? job.source : job.target;
  const runner = role === "source" ? deps.source.runner : deps.target.runner;
  return {
    role,
    label: `${role} ${runner.host}`,
    runner,
    zfs: spec.zfsPath ?? deps.zfsCommand ?? "zfs",
    remoteHost: spec.host,
    sudo: spec.sudo === true,
  };
}
