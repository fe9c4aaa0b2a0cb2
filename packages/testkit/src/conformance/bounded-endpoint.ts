import {
  type ByteSink,
  forwardEndpoint,
  type ReceiveHandle,
  type ReceiveRequest,
  type SendHandle,
  type SendRequest,
  type ZfsEndpoint,
} from "@zrelay/core";
import type { Deadline } from "./operation-deadline.js";

/**
 * The endpoint under test with every promise it returns bounded by `deadline`.
 * `send` and `receive` must not throw: the port says their failures surface on
 * `done`, and an executor relies on that to clean up the other side.
 */
export function boundedEndpoint(endpoint: ZfsEndpoint, deadline: Deadline): ZfsEndpoint {
  return forwardEndpoint(
    endpoint,
    {
      estimateSendSize: (request) =>
        deadline(endpoint.estimateSendSize(request), `estimateSendSize(${describeSend(request)})`),
      send: (request, sink) => boundedSend(endpoint, request, sink, deadline),
      receive: (request) => boundedReceive(endpoint, request, deadline),
    },
    // Every other method returns a promise; its string arguments name it in the message.
    (method, args, call) =>
      deadline(
        call() as Promise<unknown>,
        `${method}(${args.filter((a) => typeof a === "string").join(", ")})`,
      ),
  );
}

export function describeSend(request: SendRequest): string {
  if (request.resumeToken !== undefined) return `resume token of ${request.snapshot}`;
  const mode = request.intermediates ? "-I" : "-i";
  const base = request.from === undefined ? "" : `${mode} ${request.from} `;
  return `${request.raw ? "-w " : ""}${base}${request.snapshot}`;
}

function boundedSend(
  endpoint: ZfsEndpoint,
  request: SendRequest,
  sink: ByteSink,
  deadline: Deadline,
): SendHandle {
  const handle = startWithoutThrowing(() => endpoint.send(request, sink), "send");
  return {
    done: deadline(handle.done, `send(${describeSend(request)}).done`),
    progress: () => handle.progress(),
    abort: (reason) => handle.abort(reason),
  };
}

function boundedReceive(endpoint: ZfsEndpoint, request: ReceiveRequest, deadline: Deadline): ReceiveHandle {
  const handle = startWithoutThrowing(() => endpoint.receive(request), "receive");
  return {
    sink: handle.sink,
    done: deadline(handle.done, `receive(${request.dataset}).done`),
    abort: (reason) => handle.abort(reason),
  };
}

function startWithoutThrowing<T>(start: () => T, method: string): T {
  try {
    return start();
  } catch (error) {
    throw new Error(
      `${method}() threw synchronously (${String(error)}); the port requires failures to surface on done`,
      { cause: error },
    );
  }
}
