import type { SshDataPath } from "@zrelay/zfs-ssh";
import type { PackagedBuild } from "../system/packaged-build.js";
import type { DoctorCheck } from "./doctor-report.js";

const ARTIFACT: Readonly<Record<PackagedBuild, string>> = {
  executable: "this zrelay is the single executable",
  npm: "this zrelay is the bundled npm package",
};

/**
 * What ssh2's optional native crypto add-on means for this job. The release artifacts
 * never carry it (a .node file cannot be bundled): there only the ssh2 data path is
 * slower, since on the OpenSSH data path (the default) the ssh client encrypts the streams.
 */
export function nativeCryptoCheck(
  available: boolean,
  packaged: PackagedBuild | undefined,
  dataPath: SshDataPath | undefined,
): DoctorCheck {
  if (available) return { status: "ok", line: "ssh2's native crypto add-on is loaded" };
  if (packaged === undefined) {
    return {
      status: "warn",
      line: "ssh2's native crypto add-on is not built: SSH streams use slower JavaScript ciphers (less than half the speed)",
      hint: "Rebuild it where zrelay is installed (npm rebuild ssh2; needs make, g++ and python3).",
    };
  }
  if (dataPath === "ssh2") {
    return {
      status: "warn",
      line: `${ARTIFACT[packaged]}, without ssh2's native crypto add-on: the ssh2 data path encrypts this job's streams with JavaScript ciphers (less than half the speed)`,
      hint: "Use the OpenSSH data path (--ssh-data-path openssh, or ssh-data-path: openssh; apt install openssh-client) for full speed.",
    };
  }
  return {
    status: "ok",
    line: `${ARTIFACT[packaged]}, without ssh2's native crypto add-on: not needed, the ssh client encrypts this job's streams (only --ssh-data-path ssh2 would use slower JavaScript ciphers)`,
  };
}
