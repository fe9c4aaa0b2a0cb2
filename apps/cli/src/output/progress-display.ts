import { createLogUpdate } from "log-update";
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

/** The slice of a terminal stream the display draws on (`process.stdout` on a TTY). */
export interface ProgressTerminal {
  write(text: string): unknown;
  /** Width in columns; 0 or absent (a pty nobody sized) counts as 80. */
  readonly columns?: number | undefined;
  /** Height in rows; 0 or absent counts as 24 (log-update draws nothing at all for 0). */
  readonly rows?: number | undefined;
}

const BAR_CELLS = 20;
const DEFAULT_COLUMNS = 80;
const DEFAULT_ROWS = 24;

interface Line {
  readonly label: string;
  readonly startedAt: number;
  total: number | undefined;
  bytes: number;
}

/**
 * One line per running transfer below the ordinary output: dataset, bar, bytes
 * moved of `zfs send -nP`'s estimate, rate and ETA. log-update owns the
 * terminal: it redraws only the rows that changed and erases exactly the rows
 * it drew, so lines written between `clear` and `redraw` land above the bars
 * and stay. zrelay cuts each line to the terminal's width itself, keeping the
 * figures and the end of a long dataset name (log-update would wrap it instead).
 */
export function createProgressDisplay(terminal: ProgressTerminal, now: () => number): ProgressDisplay {
  const lines = new Map<string, Line>();
  const columns = () => terminal.columns || DEFAULT_COLUMNS;
  // The cursor stays visible: a run killed mid-transfer must not leave the terminal without one.
  const render = createLogUpdate(
    {
      write: (text: string) => terminal.write(text),
      get columns() {
        return columns();
      },
      get rows() {
        return terminal.rows || DEFAULT_ROWS;
      },
      isTTY: true,
    } as unknown as NodeJS.WritableStream,
    { showCursor: true },
  );
  let shown = false;

  const erase = () => {
    if (shown) render.clear();
    shown = false;
  };
  const repaint = () => {
    if (lines.size === 0) return erase();
    const at = now();
    render([...lines.values()].map((line) => progressLine(line, at, columns() - 1)).join("\n"));
    shown = true;
  };

  return {
    start(key, label, total) {
      lines.set(key, { label, startedAt: now(), total, bytes: 0 });
      repaint();
    },
    setTotal(key, total) {
      const line = lines.get(key);
      if (line === undefined) return;
      line.total = total;
      repaint();
    },
    update(key, bytes) {
      const line = lines.get(key);
      if (line === undefined) return;
      line.bytes = bytes;
      repaint();
    },
    remove(key) {
      if (lines.delete(key)) repaint();
    },
    clear: erase,
    redraw: repaint,
    stop() {
      lines.clear();
      erase();
      render.done();
    },
  };
}

/** `tank/data [█████░░░░░░░░░░░░░░░] 1.0 MiB of 4.0 MiB 1.0 MiB/s ETA 3.0 s`, cut to `width`. */
function progressLine(line: Line, at: number, width: number): string {
  const seconds = Math.max((at - line.startedAt) / 1000, 0.001);
  const rate = line.bytes / seconds;
  const { total } = line;
  const share = total === undefined || total <= 0 ? 0 : Math.min(line.bytes / total, 1);
  const filled = Math.round(share * BAR_CELLS);
  const bar = `[${"█".repeat(filled)}${"░".repeat(BAR_CELLS - filled)}]`;
  const ofTotal = total === undefined ? "" : ` of ${formatBytes(total)}`;
  const eta =
    total === undefined || rate <= 0
      ? "ETA ?"
      : `ETA ${formatDuration((Math.max(total - line.bytes, 0) / rate) * 1000)}`;
  const figures = ` ${bar} ${formatBytes(line.bytes)}${ofTotal} ${formatBytes(rate)}/s ${eta}`;
  return fitted(line.label, figures, width);
}

// A long dataset name loses its start, not the figures: the end names the dataset best.
function fitted(label: string, figures: string, width: number): string {
  const labelChars = [...label];
  const room = width - [...figures].length;
  if (labelChars.length <= room) return label + figures;
  if (room >= 8) return `…${labelChars.slice(labelChars.length - room + 1).join("")}${figures}`;
  return [...(label + figures)].slice(0, Math.max(width, 1)).join("");
}
