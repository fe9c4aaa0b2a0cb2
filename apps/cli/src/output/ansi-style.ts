/** Bold on a terminal, plain text anywhere else (files, pipes, cron mail). */
export function bold(text: string, terminal: boolean): string {
  return terminal ? `\u001b[1m${text}\u001b[22m` : text;
}
