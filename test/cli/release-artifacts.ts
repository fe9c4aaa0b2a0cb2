import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const RELEASE = fileURLToPath(new URL("../../release", import.meta.url));

/** What `npm run package` built: the .deb (with the executable in it) and the executable itself. */
export interface ReleaseArtifacts {
  readonly deb: string;
  readonly executable: string;
}

/**
 * The release artifacts, or why they are missing. Without them the suites that run
 * them skip in one line; under CI=true (`.ci/run` packages before testing) they fail.
 */
export function releaseArtifacts(): ReleaseArtifacts | { readonly missing: string } {
  const deb = existsSync(RELEASE)
    ? readdirSync(RELEASE).find((name) => /^zrelay_.*_amd64\.deb$/.test(name))
    : undefined;
  const executable = join(RELEASE, "zrelay-linux-x64");
  if (deb !== undefined && existsSync(executable)) return { deb: join(RELEASE, deb), executable };
  const missing = `no release artifacts in ${RELEASE} (run npm run package first)`;
  if (process.env.CI === "true" || process.env.CI === "1") throw new Error(missing);
  console.log(`skipped the packaged-executable tests: ${missing}`);
  return { missing };
}
