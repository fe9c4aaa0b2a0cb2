import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A private ssh-agent for tests. */
export interface TestSshAgent {
  /** Its socket: what `SSH_AUTH_SOCK` would hold. */
  readonly socket: string;
  /** Adds a key, typing its passphrase through SSH_ASKPASS (ssh-add never sees a terminal). */
  add(privateKeyFile: string, passphrase?: string): Promise<void>;
  /** Stops the agent and removes its directory. */
  stop(): Promise<void>;
}

/** Starts `ssh-agent -D` on a socket in a fresh temp dir. */
export async function startTestSshAgent(): Promise<TestSshAgent> {
  const dir = await mkdtemp(join(tmpdir(), "zrelay-agent-"));
  const socket = join(dir, "agent.sock");
  const agent: ChildProcess = spawn("ssh-agent", ["-D", "-a", socket], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => agent.once("exit", () => resolve()));
  // ssh-agent -D prints nothing useful; it is ready once its socket exists.
  while (!existsSync(socket)) {
    if (agent.exitCode !== null) throw new Error("ssh-agent exited before creating its socket");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return {
    socket,
    async add(privateKeyFile, passphrase = "") {
      const askpass = join(dir, "askpass");
      await writeFile(askpass, `#!/bin/sh\nprintf '%s\\n' '${passphrase.replaceAll("'", `'\\''`)}'\n`);
      await chmod(askpass, 0o700);
      await run("ssh-add", [privateKeyFile], {
        env: {
          ...process.env,
          SSH_AUTH_SOCK: socket,
          SSH_ASKPASS: askpass,
          SSH_ASKPASS_REQUIRE: "force",
          DISPLAY: ":0",
        },
      });
    },
    async stop() {
      agent.kill("SIGTERM");
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
