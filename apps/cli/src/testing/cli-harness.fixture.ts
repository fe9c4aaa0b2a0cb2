import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { ErrorCode, type ZfsEndpoint, ZrelayError } from "@zrelay/core";
import { createFakeEndpoint, FakeZfs, PAYLOAD_BYTES_PROPERTY } from "@zrelay/testkit";
import { createCli } from "../container.js";
import type { EndpointFactory, EndpointRequest } from "../endpoints/endpoint-factory.js";
import type { ShutdownSignal, ShutdownSignals } from "../system/shutdown-signal.js";

/** Text written to a stream, kept for assertions. */
export class CapturedStream extends Writable {
  text = "";
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
  lines(): string[] {
    return this.text === "" ? [] : this.text.replace(/\n$/, "").split("\n");
  }
}

/** Signals a test sends by hand. */
export class ManualSignals implements ShutdownSignals {
  #current: { controller: AbortController; received: NodeJS.Signals | undefined } | undefined;
  listen(): ShutdownSignal {
    const state = { controller: new AbortController(), received: undefined as NodeJS.Signals | undefined };
    this.#current = state;
    return { signal: state.controller.signal, received: () => state.received, dispose: () => undefined };
  }
  send(signal: NodeJS.Signals): void {
    const state = this.#current;
    if (state === undefined || state.received !== undefined) return;
    state.received = signal;
    state.controller.abort(new Error(signal));
  }
}

/** Every guid above 2^53, so a lossy conversion would show. */
const guidSeed = 2n ** 53n + 4242n;
export const START_TIME = new Date("2026-01-03T02:30:00.000Z");

/**
 * The zrelay command in a test container: `host-storage` (pool `tank`) and this
 * machine (pool `backup`) are in-memory fakes, output is captured, the clock is
 * fixed (durations print as 0.0 s) and locks live in a temp dir.
 */
export function createCliHarness(options: { readonly terminal?: boolean } = {}) {
  const clock = () => START_TIME.getTime();
  const remoteZfs = new FakeZfs({ clock, guidSeed });
  remoteZfs.createPool("tank");
  const localZfs = new FakeZfs({ clock, guidSeed: guidSeed * 7n });
  localZfs.createPool("backup");
  const endpoints = new Map<string, ZfsEndpoint>([
    ["host-storage", createFakeEndpoint(remoteZfs, { host: "host-storage" })],
    ["localhost", createFakeEndpoint(localZfs, { host: "localhost" })],
  ]);
  const lockDir = mkdtempSync(join(tmpdir(), "zrelay-cli-locks-"));
  // The run state of these runs, never the machine's /var/lib/zrelay.
  const stateDir = mkdtempSync(join(tmpdir(), "zrelay-cli-state-"));
  const signals = new ManualSignals();
  /** Replaces the endpoint of a host, e.g. with one that misbehaves. */
  const wrap = (host: string, change: (endpoint: ZfsEndpoint) => ZfsEndpoint) => {
    const endpoint = endpoints.get(host);
    if (endpoint !== undefined) endpoints.set(host, change(endpoint));
  };
  /** Every side the CLI asked to open, as it asked: what the flags made of the host. */
  const requests: EndpointRequest[] = [];
  const endpointFactory: EndpointFactory = {
    async open(request) {
      requests.push(request);
      const host = request.side.host ?? "localhost";
      const endpoint = endpoints.get(host);
      if (endpoint === undefined) {
        throw new ZrelayError(ErrorCode.CONNECTION_FAILED, `cannot connect to ${host}: no such host`, {
          host,
          hint: "Check the host name.",
          retryable: true,
        });
      }
      return { endpoint, close: async () => undefined };
    },
  };

  const run = async (...argv: string[]) => {
    const stdout = new CapturedStream();
    const stderr = new CapturedStream();
    const cli = createCli({
      consoleStreams: { stdout, stderr, stdoutIsTerminal: options.terminal ?? false },
      processInfo: {
        env: { ZRELAY_LOCK_DIR: lockDir, ZRELAY_STATE_DIR: stateDir },
        pid: process.pid,
        command: ["zrelay", ...argv].join(" "),
        now: () => START_TIME,
        monotonicMs: () => 0,
      },
      endpointFactory,
      shutdownSignals: signals,
    });
    const code = await cli.run(argv);
    return { code, stdout: stdout.lines(), stderr: stderr.lines() };
  };

  return {
    remoteZfs,
    localZfs,
    lockDir,
    stateDir,
    signals,
    requests,
    wrap,
    run,
    cleanup: () => {
      rmSync(lockDir, { recursive: true, force: true });
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Creates `dataset` (parents too) and one snapshot per name, each after a write. */
export function snapshotsOn(
  zfs: FakeZfs,
  dataset: string,
  names: readonly string[],
  payloadBytes?: number,
): void {
  if (!zfs.exists(dataset)) {
    const properties: Record<string, string> =
      payloadBytes === undefined ? {} : { [PAYLOAD_BYTES_PROPERTY]: String(payloadBytes) };
    zfs.createDataset(dataset, { parents: true, properties });
  }
  for (const name of names) {
    zfs.writeFile(dataset, "file.txt", `${dataset} as of ${name}`);
    zfs.snapshot(`${dataset}@${name}`);
  }
}
