import { ZrelayError } from "./zrelay-error.js";

/** The ZrelayError `run` throws; fails the test when it throws nothing or something else. */
export function rejection(run: () => unknown): ZrelayError {
  try {
    run();
  } catch (error) {
    if (error instanceof ZrelayError) return error;
    throw error;
  }
  throw new Error("expected a ZrelayError, nothing was thrown");
}
