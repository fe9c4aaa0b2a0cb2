// tsyringe needs the Reflect polyfill before it is imported, so this comes first.
import "reflect-metadata";
import { createCli } from "./container.js";

// The exit status is set, not forced: stdout and stderr drain before the process ends.
process.exitCode = await createCli().run(process.argv.slice(2));
