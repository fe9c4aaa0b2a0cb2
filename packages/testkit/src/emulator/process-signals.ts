import { constants } from "node:os";
import { sleepSync } from "./descriptor-io.js";

/**
 * Ends the process by `signal`, as a C program that does not catch it ends.
 * Node ignores SIGPIPE and handles SIGTERM itself; libuv puts back the default
 * action once a signal's last listener is removed, so that is done first.
 */
export function dieOfSignal(signal: "SIGPIPE" | "SIGTERM" | "SIGINT"): never {
  const listener = () => undefined;
  process.removeAllListeners(signal);
  process.on(signal, listener);
  process.removeListener(signal, listener);
  process.kill(process.pid, signal);
  sleepSync(1000);
  // Still here (the signal is blocked by whoever started us): exit the way a shell reports it.
  process.exit(128 + constants.signals[signal]);
}

/**
 * Notes SIGTERM and SIGINT instead of dying at once, for a receive that must
 * save its partial state first. Returns what arrived so far, checked between reads.
 */
export function watchTermination(): () => "SIGTERM" | "SIGINT" | undefined {
  let received: "SIGTERM" | "SIGINT" | undefined;
  process.on("SIGTERM", () => {
    received ??= "SIGTERM";
  });
  process.on("SIGINT", () => {
    received ??= "SIGINT";
  });
  return () => received;
}
