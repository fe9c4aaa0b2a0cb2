import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PAYLOAD_BYTES_PROPERTY } from "../model/property-view.js";
import { type EmulatorMachine, emulatorMachine } from "./emulator-cli.fixture.js";

// zfs send and zfs receive as processes: stream forms, broken pipes, cuts and resumes.
let machine: EmulatorMachine;
beforeAll(() => {
  machine = emulatorMachine();
  machine.ok("create", "-o", `${PAYLOAD_BYTES_PROPERTY}=${4 * 1024 * 1024}`, "src/t");
  for (const name of ["s1", "s2", "s3"]) machine.ok("snapshot", `src/t@${name}`);
  machine.ok("bookmark", "src/t@s1", "src/t#b1");
});
afterAll(() => machine.dispose());

const guidsOf = (dataset: string) =>
  machine
    .ok("list", "-H", "-p", "-o", "name,guid", "-t", "snapshot", "-r", dataset)
    .replaceAll(`${dataset}@`, "@");

describe("zfs send -n -P", { timeout: 60_000 }, () => {
  it.each([
    { args: ["src/t@s1"], lines: [/^full\tsrc\/t@s1\t\d+$/] },
    {
      args: ["-I", "@s1", "src/t@s3"],
      lines: [/^incremental\ts1\tsrc\/t@s2\t\d+$/, /^incremental\ts2\tsrc\/t@s3\t\d+$/],
    },
    { args: ["-i", "src/t#b1", "src/t@s3"], lines: [/^incremental\tsrc\/t#b1\tsrc\/t@s3\t\d+$/] },
  ])("zfs send -nP $args", ({ args, lines }) => {
    const printed = machine
      .ok("send", "-n", "-P", ...args)
      .trimEnd()
      .split("\n");
    expect(printed).toHaveLength(lines.length + 1);
    for (const [index, line] of lines.entries()) expect(printed[index]).toMatch(line);
    expect(printed.at(-1)).toMatch(/^size\t\d+$/);
  });

  it("refuses -I from a bookmark with zfs's words", () => {
    expect(machine.zfs("send", "-I", "src/t#b1", "src/t@s3")).toMatchObject({
      status: 1,
      stderr: "Error: multiple snapshots cannot be sent from a bookmark.\n",
    });
  });
});

describe("send into receive", { timeout: 60_000 }, () => {
  it("moves a stream from one process to another: guids arrive, -v reports each snapshot", async () => {
    const receive = machine.start("receive", "-u", "-v", "dst/t");
    const send = machine.start("send", "-w", "src/t@s1");
    send.stdout.pipe(receive.stdin);
    let printed = "";
    receive.stdout.on("data", (chunk: Buffer) => {
      printed += chunk.toString();
    });
    const [[sendStatus], [receiveStatus]] = await Promise.all([once(send, "close"), once(receive, "close")]);
    expect([sendStatus, receiveStatus]).toEqual([0, 0]);
    expect(printed).toMatch(
      /^receiving full stream of src\/t@s1 into dst\/t@s1\nreceived 4\.\d+M stream in \d+\.\d\d seconds \([\d.]+[KMG]?B?\/sec\)\n$/,
    );
    expect(machine.zfsWithInput(machine.send("-I", "@s1", "src/t@s3"), "receive", "-u", "dst/t").status).toBe(
      0,
    );
    expect(guidsOf("dst/t")).toBe(guidsOf("src/t"));
  });

  it("dies of SIGPIPE when the reader goes away, as zfs send does", async () => {
    const send = machine.start("send", "src/t@s1");
    send.stdout.once("data", () => send.stdout.destroy());
    const [status, signal] = await once(send, "close");
    expect({ status, signal }).toEqual({ status: null, signal: "SIGPIPE" });
  });

  it("refuses a full stream onto an existing dataset without -F", () => {
    expect(machine.zfsWithInput(machine.send("src/t@s1"), "receive", "-u", "dst/t")).toMatchObject({
      status: 1,
      stderr:
        "cannot receive new filesystem stream: destination 'dst/t' exists\nmust specify -F to overwrite it\n",
    });
  });
});

describe("interrupted receives", { timeout: 60_000 }, () => {
  it("keeps partial state of a cut stream with -s, and resumes from its token", () => {
    const stream = machine.send("src/t@s2");
    const cut = machine.zfsWithInput(stream.subarray(0, stream.length / 2), "receive", "-s", "-u", "dst/cut");
    expect(cut.status).toBe(1);
    const token = machine.ok("get", "-H", "-o", "value", "receive_resume_token", "dst/cut").trim();
    expect(cut.stderr).toBe(
      [
        "cannot receive new filesystem stream: checksum mismatch or incomplete stream.",
        "Partially received snapshot is saved.",
        "A resuming stream can be generated on the sending system by running:",
        `    zfs send -t ${token}`,
        "",
      ].join("\n"),
    );
    expect(machine.ok("list", "-H", "-t", "snapshot", "-o", "name", "-r", "dst/cut")).toBe("");
    expect(machine.ok("send", "-nP", "-t", token)).toMatch(
      /^resume token contents:\nnvlist version: 0\n\tobject = 0x1\n/,
    );
    const rest = machine.send("-t", token);
    expect(rest.length).toBeLessThan(stream.length);
    expect(machine.zfsWithInput(rest, "receive", "-s", "-u", "dst/cut").status).toBe(0);
    expect(machine.ok("get", "-H", "-o", "value", "receive_resume_token", "dst/cut")).toBe("-\n");
  });

  it("saves partial state when killed by SIGTERM mid-stream with -s, and dies of the signal", async () => {
    const stream = machine.send("src/t@s3");
    const receive = machine.start("receive", "-s", "-u", "dst/killed");
    receive.stdin.on("error", () => undefined);
    receive.stdin.write(stream.subarray(0, stream.length / 2));
    await new Promise<void>((resolve) => receive.stdin.write(Buffer.alloc(0), () => resolve()));
    receive.kill("SIGTERM");
    receive.stdin.end();
    const [status, signal] = await once(receive, "close");
    expect({ status, signal }).toEqual({ status: null, signal: "SIGTERM" });
    expect(machine.ok("get", "-H", "-o", "value", "receive_resume_token", "dst/killed")).toMatch(
      /^1-[0-9a-f]+-/,
    );
  });

  it("discards the partial state with receive -A, and says when there is none", () => {
    machine.ok("receive", "-A", "dst/killed");
    expect(machine.zfs("list", "dst/killed")).toMatchObject({ status: 1 });
    expect(machine.zfs("receive", "-A", "dst/t")).toMatchObject({
      status: 1,
      stderr: "'dst/t' does not have any resumable receive state to abort\n",
    });
  });
});
