import { summarizeStderr } from "@zrelay/zfs-command";
import { missingPermissions, type Principal } from "./delegated-permissions.js";
import { shellWord } from "./doctor-places.js";
import type { DoctorCheck } from "./doctor-report.js";
import { listWords, type SideContext, sideCheck } from "./doctor-side-context.js";
import { parseIdOutput } from "./id-output-parser.js";
import { parseZfsAllow } from "./zfs-allow-parser.js";

/**
 * Compares the `zfs allow` permissions of the user zfs runs as with `needed`,
 * on each of `datasets` and everything below them. Root (or sudo) needs none.
 */
export async function checkPermissions(
  context: SideContext,
  datasets: readonly string[],
  needed: readonly string[],
): Promise<DoctorCheck[]> {
  if (datasets.length === 0) return [];
  if (context.sudo) {
    return [sideCheck(context, "ok", "zfs runs through sudo as root; no delegated permissions needed")];
  }
  const who = await whoRunsZfs(context);
  if (who === "root") return [sideCheck(context, "ok", "runs as root; no delegated permissions needed")];
  if (who === undefined) {
    return [
      sideCheck(
        context,
        "warn",
        "could not tell which user zfs runs as (`id` failed); delegated permissions not checked",
      ),
    ];
  }
  const checks: DoctorCheck[] = [];
  for (const dataset of datasets) checks.push(await checkDataset(context, who, dataset, needed));
  return checks;
}

async function checkDataset(
  context: SideContext,
  who: Principal,
  dataset: string,
  needed: readonly string[],
): Promise<DoctorCheck> {
  const result = await context.runner.run([context.zfs, "allow", dataset]);
  if (result.exitCode !== 0) {
    const said = summarizeStderr(result.stderr);
    return sideCheck(
      context,
      "fail",
      `could not read the delegated permissions on ${dataset}: ${said || "zfs allow failed"}`,
    );
  }
  const missing = missingPermissions(needed, parseZfsAllow(result.stdout), dataset, who);
  if (missing.length === 0) {
    return sideCheck(context, "ok", `user ${who.user} may ${listWords(needed)} on ${dataset} and below`);
  }
  const where = context.remoteHost === undefined ? "as root" : `as root on ${context.remoteHost}`;
  return sideCheck(
    context,
    "fail",
    `user ${who.user} lacks ${listWords(missing)} on ${dataset} and below; grant ${missing.length > 1 ? "them" : "it"} ${where}:`,
    { fixes: [`zfs allow ${shellWord(who.user)} ${missing.join(",")} ${shellWord(dataset)}`] },
  );
}

/** The user and groups zfs commands run as, from `id`; the runner's user when `id` fails. */
async function whoRunsZfs(context: SideContext): Promise<Principal | "root" | undefined> {
  const result = await context.runner.run(["id"]);
  const identity = result.exitCode === 0 ? parseIdOutput(result.stdout) : undefined;
  if (identity !== undefined) return identity.uid === 0 ? "root" : identity;
  const user = context.runner.user;
  if (user === undefined) return undefined;
  return user === "root" ? "root" : { user, groups: [] };
}
