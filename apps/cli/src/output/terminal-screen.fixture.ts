/**
 * What a terminal shows after some output: the rows left on screen (scrollback
 * included), trailing blanks dropped. It understands what zrelay writes on a TTY
 * (text, `\r`, `\n`, cursor up/down/column, erase line and erase below, SGR and
 * private modes ignored) and throws on anything else, so a test cannot pass by
 * skipping a sequence it does not know.
 */
export function renderTerminal(output: string): string[] {
  const rows: string[][] = [[]];
  let row = 0;
  let column = 0;
  const current = () => {
    while (rows.length <= row) rows.push([]);
    return rows[row] as string[];
  };

  // biome-ignore lint/suspicious/noControlCharactersInRegex: escape sequences are what it reads.
  const pattern = /\u001b\[(\??)([\d;]*)([A-Za-z])|\r\n|[\r\n]|[^\u001b\r\n]/gu;
  let consumed = 0;
  for (const match of output.matchAll(pattern)) {
    if (match.index !== consumed)
      throw new Error(
        `unknown terminal output at ${consumed}: ${JSON.stringify(output.slice(consumed, consumed + 12))}`,
      );
    consumed = match.index + match[0].length;
    const [text, privateMode, parameter, command] = match;
    if (command === undefined) {
      if (text === "\r") column = 0;
      else if (text === "\n" || text === "\r\n") {
        // A pty turns `\n` into `\r\n` (onlcr); tests that capture a stream directly see the bare `\n`.
        row++;
        column = 0;
        current();
      } else {
        const cells = current();
        while (cells.length < column) cells.push(" ");
        cells[column++] = text;
      }
      continue;
    }
    const count = Number(parameter === "" ? 1 : parameter);
    if (privateMode === "?" || command === "m") continue; // cursor visibility, line wrap, bold
    switch (command) {
      case "A":
        row = Math.max(row - count, 0);
        break;
      case "B":
        row += count;
        current();
        break;
      case "G":
        column = count - 1;
        break;
      case "K":
        if (parameter === "2") current().length = 0;
        else if (parameter === "" || parameter === "0") current().length = Math.min(current().length, column);
        else throw new Error(`unknown terminal sequence ${JSON.stringify(text)}`);
        break;
      case "J":
        if (parameter !== "" && parameter !== "0")
          throw new Error(`unknown terminal sequence ${JSON.stringify(text)}`);
        current().length = Math.min(current().length, column);
        rows.length = row + 1;
        break;
      default:
        throw new Error(`unknown terminal sequence ${JSON.stringify(text)}`);
    }
  }
  if (consumed !== output.length) throw new Error(`unknown terminal output at ${consumed}`);
  const screen = rows.map((cells) => cells.join("").trimEnd());
  while (screen.length > 0 && screen.at(-1) === "") screen.pop();
  return screen;
}
