// Everything a benchmark started (temp dirs, sshd, child processes) is undone
// here, in reverse order, whether the script ends, fails or is interrupted.

const tasks = [];
let running;

/** Registers an undo step; returns a function that runs it early (and only once). */
export function onCleanup(label, task) {
  const entry = { label, task, done: false };
  // Registered while cleaning up (the benchmark's main flow still runs until exit): undone at once.
  if (running !== undefined) {
    entry.done = true;
    void Promise.resolve()
      .then(task)
      .catch(() => undefined);
    return async () => {};
  }
  tasks.push(entry);
  return async () => {
    if (entry.done) return;
    entry.done = true;
    await task();
  };
}

/** Runs every pending undo step, newest first; a failing step is reported and the rest still run. */
export function cleanUp() {
  running ??= (async () => {
    for (const entry of [...tasks].reverse()) {
      if (entry.done) continue;
      entry.done = true;
      try {
        await entry.task();
      } catch (error) {
        console.error(`cleanup: ${entry.label} failed: ${error instanceof Error ? error.message : error}`);
      }
    }
  })();
  return running;
}

/** Thrown when a piece the benchmark needs is not there; the message says which. */
export class MissingPiece extends Error {}

/**
 * Runs a benchmark's main function: cleans up after it in every case, turns
 * Ctrl-C into a clean exit, and exits non-zero with a plain message on failure.
 * Exit status 2: a piece is missing; 1: the benchmark failed (or `main`
 * resolved with 1: it printed its figures, but some run failed).
 */
export async function runBenchmark(name, main) {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.once(signal, () => {
      console.error(`${name}: ${signal}, cleaning up`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  let status = 0;
  try {
    status = (await main()) ?? 0;
  } catch (error) {
    if (error instanceof MissingPiece) {
      console.error(`${name}: cannot run: ${error.message}`);
      status = 2;
    } else {
      console.error(`${name}: failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
      status = 1;
    }
  } finally {
    await cleanUp();
  }
  process.exit(status);
}
