import { createHash, randomBytes } from "node:crypto";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ErrorCode, isZrelayError } from "@zrelay/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalEndpoint } from "./local-endpoint.js";

// A stand-in for the zfs emulator: just enough `zfs` to show that an endpoint
// finds whatever PATH points at and hands the stream from send to receive.
const standIn = `#!${process.execPath}
const fs = require("node:fs");
const [command, ...args] = process.argv.slice(2);
const fail = (text) => { process.stderr.write(text + "\\n"); process.exit(1); };
if (command === "get") {
  if (args.at(-1) !== "src") fail("cannot open '" + args.at(-1) + "': dataset does not exist");
  process.stdout.write("src\\ttype\\tfilesystem\\nsrc\\tguid\\t18446744073709551557\\nsrc\\tencryption\\toff\\n");
} else if (command === "send") {
  process.stdout.on("error", () => fail("warning: cannot send '" + args.at(-1) + "': Broken pipe"));
  fs.createReadStream(process.env.FAKE_SEND_FILE).pipe(process.stdout);
} else if (command === "receive") {
  if (process.env.FAKE_RECEIVE_ERROR) fail(process.env.FAKE_RECEIVE_ERROR);
  const hash = require("node:crypto").createHash("sha256");
  let bytes = 0;
  process.stdin.on("data", (chunk) => { hash.update(chunk); bytes += chunk.length; });
  process.stdin.on("end", () => fs.writeFileSync(process.env.FAKE_RECEIVED, JSON.stringify({ args, bytes, sha256: hash.digest("hex") })));
} else fail("unexpected: " + process.argv.slice(2).join(" "));
`;

const SIZE = 5_000_000;
let dir: string;
let env: Record<string, string>;
let sha256: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "zrelay-local-endpoint-"));
  await writeFile(join(dir, "zfs"), standIn);
  await chmod(join(dir, "zfs"), 0o755);
  const stream = randomBytes(SIZE);
  sha256 = createHash("sha256").update(stream).digest("hex");
  await writeFile(join(dir, "stream.bin"), stream);
  env = {
    PATH: `${dir}:${process.env.PATH ?? ""}`,
    FAKE_SEND_FILE: join(dir, "stream.bin"),
    FAKE_RECEIVED: join(dir, "received.json"),
  };
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("createLocalEndpoint", () => {
  it("runs the zfs found through env.PATH", async () => {
    const endpoint = createLocalEndpoint({ env });
    expect(endpoint.host).toBe("localhost");
    const [dataset] = await endpoint.listDatasets("src");
    expect(dataset?.guid).toBe(18446744073709551557n);
    expect(await endpoint.listDatasets("src/absent")).toEqual([]);
  });

  it("reports a missing zfs as ZFS_NOT_INSTALLED naming the host and the PATH", async () => {
    const endpoint = createLocalEndpoint({ host: "backup-server", env: { PATH: "/zrelay/nowhere" } });
    const error = await endpoint.listDatasets("tank").then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(isZrelayError(error, ErrorCode.ZFS_NOT_INSTALLED)).toBe(true);
    expect((error as Error).message).toBe(
      "listing tank on backup-server failed: the zfs command could not be run (zfs was not found in PATH=/zrelay/nowhere on backup-server)",
    );
  });

  it("hands the receive's stdin to the send: the stream arrives whole", async () => {
    const endpoint = createLocalEndpoint({ env });
    const receive = endpoint.receive({ dataset: "dst/data", resumable: true });
    expect(receive.sink.inheritable).toBe(true);
    const send = endpoint.send({ snapshot: "src@a", raw: true }, receive.sink);
    const [sent] = await Promise.all([send.done, receive.done]);
    const received = JSON.parse(await readFile(env.FAKE_RECEIVED as string, "utf8"));
    expect(received).toEqual({ args: ["-u", "-s", "dst/data"], bytes: SIZE, sha256 });
    // wchar of a Node stand-in includes its own small internal writes.
    expect(sent.bytes).toBeGreaterThanOrEqual(SIZE);
    expect(sent.bytes).toBeLessThan(SIZE + 64 * 1024);
  });

  it("reports the receive's failure first, and the send as stopped by the broken pipe", async () => {
    const failing = createLocalEndpoint({
      env: { ...env, FAKE_RECEIVE_ERROR: "cannot receive new filesystem stream: out of space" },
    });
    const order: string[] = [];
    const receive = failing.receive({ dataset: "dst/data", resumable: true });
    const send = failing.send({ snapshot: "src@a", raw: true }, receive.sink);
    const settle = (side: string, done: Promise<unknown>) =>
      done.then(
        () => {
          order.push(side);
          return undefined;
        },
        (error: unknown) => {
          order.push(side);
          return error;
        },
      );
    const [sent, received] = await Promise.all([settle("send", send.done), settle("receive", receive.done)]);
    expect(order).toEqual(["receive", "send"]);
    expect(isZrelayError(received, ErrorCode.POOL_FULL)).toBe(true);
    expect((received as Error).message).toBe(
      "receive into dst/data on localhost failed: cannot receive new filesystem stream: out of space",
    );
    expect(isZrelayError(sent, ErrorCode.TRANSFER_INTERRUPTED)).toBe(true);
    expect((sent as Error).message).toBe(
      "send of src@a on localhost failed: the receiving side stopped reading (broken pipe)",
    );
  });
});
