// What apps/cli/src/main.ts imports first, for tests that build the CLI in-process.
import "reflect-metadata";
