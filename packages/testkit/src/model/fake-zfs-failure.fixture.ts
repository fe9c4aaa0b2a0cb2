import { FakeZfsError } from "./fake-zfs-error.js";

/** The FakeZfsError `action` throws; fails the test when it throws nothing or something else. */
export function failure(action: () => unknown): FakeZfsError {
  try {
    action();
  } catch (error) {
    if (error instanceof FakeZfsError) return error;
    throw error;
  }
  throw new Error("expected a FakeZfsError");
}
