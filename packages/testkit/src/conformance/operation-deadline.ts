/** Bounds one awaited operation. */
export type Deadline = <T>(operation: Promise<T>, what: string) => Promise<T>;

/** An operation hung: never an acceptable way for a refusal or an abort to fail. */
export class DeadlineExceeded extends Error {
  override readonly name = "DeadlineExceeded";
}

/**
 * A deadline of `ms` per operation: a hung adapter fails the behaviour that
 * hung, with the operation's name, instead of stalling the whole run.
 */
export function operationDeadline(ms: number, targetName: string): Deadline {
  return <T>(operation: Promise<T>, what: string) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new DeadlineExceeded(`${what} did not settle within ${ms} ms on ${targetName}: it hangs`));
      }, ms);
      timer.unref();
      operation.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
}
