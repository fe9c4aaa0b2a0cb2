// tsyringe needs the Reflect polyfill before it is imported, so this comes first.
import "reflect-metadata";
import { createCli } from "./container.js";
import { reportCrash } from "./system/crash-report.js";

const argv = process.argv.slice(2);
// What escapes every handler (an 'error' event nobody listens to, a throw in a
// callback) still ends in the one line that says it is a bug, never a raw stack.
process.on("uncaughtException", (error) => {
  reportCrash(error, process.stderr, argv.includes("--debug"));
  process.exit(1);
});

// The exit status is set, not forced: stdout and stderr drain before the process ends.
process.exitCode = await createCli().run(argv);
