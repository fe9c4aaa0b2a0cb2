/** A broken rule: `rule` completes `Invalid name "x": …`; `hint` says what to do. */
export interface NameViolation {
  readonly rule: string;
  readonly hint: string;
}

export function quoteName(text: string): string {
  // Invisible characters must show; endless input must not flood the terminal.
  if (text.length <= 300) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, 300))}… (${text.length} characters)`;
}
