import { describe, expect, it } from "vitest";
import { pullJob, pushJob, remoteSideOf, syncJob } from "./adhoc-jobs.js";

describe("jobs from the command line", () => {
  it("pull: the seed's layout, user from the address or --user", () => {
    const job = pullJob({ host: "backup@host-storage", dest: "backuppool/enc/host-storage", port: 2222 }, [
      "tank/data",
    ]);
    expect(job).toMatchObject({
      name: "pull host-storage",
      kind: "pull",
      source: { host: "host-storage", user: "backup", port: 2222 },
      target: {},
      datasets: ["tank/data"],
      mapping: { kind: "prefix", dest: "backuppool/enc/host-storage" },
    });
    expect(pullJob({ host: "h", dest: "b", user: "u" }, ["t"]).source.user).toBe("u");
  });

  it("push: local to remote, stripping the prefix", () => {
    const job = pushJob(
      { host: "host-albion", stripPrefix: "backuppool/enc", targetRoot: "offsite", allowUnencrypted: true },
      ["backuppool/enc/host-storage"],
    );
    expect(job).toMatchObject({
      kind: "push",
      source: {},
      target: { host: "host-albion" },
      mapping: { kind: "strip", stripPrefix: "backuppool/enc", targetRoot: "offsite" },
      options: { allowUnencrypted: true },
    });
  });

  it.each([
    ["backup@host-web:tank/home", "backuppool/mirror/home", { host: "host-web", user: "backup" }, {}],
    ["tank/home", "host-albion:offsite/home", {}, { host: "host-albion" }],
    ["a@h1:tank/x", "h2:pool/y", { host: "h1", user: "a" }, { host: "h2" }],
  ])("sync %s %s", (from, to, source, target) => {
    const job = syncJob({}, from, to);
    expect(job.source).toEqual(source);
    expect(job.target).toEqual(target);
    expect(job.mapping).toEqual({ kind: "rename", from: from.split(":").at(-1), to: to.split(":").at(-1) });
  });

  it("--ssh-data-path, like --port and --sudo, applies to every remote side and never to this machine", () => {
    const flags = { sshDataPath: "ssh2", port: 2222 } as const;
    const both = syncJob(flags, "a@h1:tank/x", "h2:pool/y");
    expect(both.source).toEqual({ host: "h1", user: "a", port: 2222, sshDataPath: "ssh2" });
    expect(both.target).toEqual({ host: "h2", port: 2222, sshDataPath: "ssh2" });
    expect(syncJob(flags, "tank/x", "h2:pool/y").source).toEqual({});
    expect(pushJob({ host: "h", stripPrefix: "t", ...flags }, ["t/a"]).target.sshDataPath).toBe("ssh2");
    expect(remoteSideOf("backup@host-albion", { sshDataPath: "openssh" })).toEqual({
      host: "host-albion",
      user: "backup",
      sshDataPath: "openssh",
    });
  });

  it.each([
    () => pullJob({ host: "h", dest: "b" }, ["tank/a@snap"]),
    () => pullJob({ host: "h", dest: "b//c" }, ["tank"]),
    () => pullJob({ host: "-oProxyCommand=x", dest: "b" }, ["tank"]),
    () => syncJob({}, "h:", "b"),
  ])("refuses bad arguments with a usage error (%#)", (build) => {
    expect(build).toThrow(expect.objectContaining({ code: expect.stringMatching(/USAGE|INVALID_NAME/) }));
  });
});
