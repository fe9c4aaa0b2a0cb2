import cliProgress from "cli-progress";
import { formatBytes, formatDuration } from "./format-units.js";

/** A live line per running transfer; only ever created for a terminal. */
export interface ProgressDisplay {
  /** Starts (or restarts, for the next step) the line of `key`. `total` is the send estimate. */
  start(key: string, label: string, total: number | undefined): void;
  /** Sets the size estimate once it arrives. */
  setTotal(key: string, total: number): void;
  update(key: string, bytes: number): void;
  remove(key: string): void;
  /** Clears the lines so ordinary output can be written, then `redraw` puts them back. */
  clear(): void;
  redraw(): void;
  stop(): void;
}

const UNKNOWN_TOTAL = Number.MAX_SAFE_INTEGER;

interface Line {
  readonly bar: cliProgress.SingleBar;
  readonly label: string;
  readonly startedAt: number;
  total: number | undefined;
}

// cli-progress keeps its terminal on the MultiBar; its types do not declare it.
interface TerminalControl {
  readonly terminal: { cursorRelativeReset(): void; clearBottom(): void };
}

/** cli-progress bars: bytes, rate and ETA (from `zfs send -nvP`'s estimate) per dataset. */
export function createProgressDisplay(stream: NodeJS.WritableStream, now: () => number): ProgressDisplay {
  const multibar = new cliProgress.MultiBar(
    {
      stream: stream as NodeJS.WriteStream,
      format: "{label} [{bar}] {moved}{ofTotal} {rate} {remaining}",
      hideCursor: true,
      clearOnComplete: true,
      gracefulExit: false,
      autopadding: true,
      barsize: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  const lines = new Map<string, Line>();

  const payload = (line: Line, bytes: number) => {
    const seconds = Math.max((now() - line.startedAt) / 1000, 0.001);
    const rate = bytes / seconds;
    const left = line.total === undefined ? undefined : Math.max(line.total - bytes, 0);
    const remaining =
      left === undefined || rate <= 0 ? "ETA ?" : `ETA ${formatDuration((left / rate) * 1000)}`;
    return {
      label: line.label,
      moved: formatBytes(bytes),
      ofTotal: line.total === undefined ? "" : ` of ${formatBytes(line.total)}`,
      rate: `${formatBytes(rate)}/s`,
      // Not `eta`: cli-progress fills that token itself.
      remaining,
    };
  };
  const remove = (key: string) => {
    const line = lines.get(key);
    if (line === undefined) return;
    lines.delete(key);
    multibar.remove(line.bar);
  };

  return {
    start(key, label, total) {
      remove(key);
      const partial = { label, startedAt: now(), total };
      // Until the estimate arrives the bar stays empty rather than full.
      const bar = multibar.create(
        total ?? UNKNOWN_TOTAL,
        0,
        payload({ ...partial, bar: undefined as never }, 0),
      );
      lines.set(key, { ...partial, bar });
    },
    setTotal(key, total) {
      const line = lines.get(key);
      if (line === undefined) return;
      line.total = total;
      line.bar.setTotal(total);
    },
    update(key, bytes) {
      const line = lines.get(key);
      if (line !== undefined) line.bar.update(bytes, payload(line, bytes));
    },
    remove,
    clear() {
      if (lines.size === 0) return;
      const { terminal } = multibar as unknown as TerminalControl;
      terminal.cursorRelativeReset();
      terminal.clearBottom();
    },
    redraw() {
      if (lines.size > 0) multibar.update();
    },
    stop() {
      lines.clear();
      multibar.stop();
    },
  };
}
