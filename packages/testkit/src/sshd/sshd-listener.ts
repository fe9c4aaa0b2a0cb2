import type { ChildProcess } from "node:child_process";
import { createServer } from "node:net";

const LOG_LIMIT = 64 * 1024;

/** Keeps the last 64 KiB of what sshd prints on stderr. */
export function collectLog(listener: ChildProcess) {
  let text = "";
  listener.stderr?.setEncoding("utf8");
  listener.stderr?.on("data", (chunk: string) => {
    text = (text + chunk).slice(-LOG_LIMIT);
  });
  return { text: () => text };
}

// sshd -e prints "Server listening on 127.0.0.1 port N." once it accepts connections.
export function listening(listener: ChildProcess, log: { text(): string }): Promise<"listening" | "exited"> {
  return new Promise((resolve) => {
    const check = () => {
      if (/Server listening on/.test(log.text())) done("listening");
    };
    const done = (outcome: "listening" | "exited") => {
      listener.stderr?.off("data", check);
      listener.off("exit", onExit);
      resolve(outcome);
    };
    const onExit = () => done("exited");
    listener.stderr?.on("data", check);
    listener.once("exit", onExit);
    listener.once("error", onExit);
  });
}

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
