/**
 * True when `name` matches `pattern` as a whole: `*` stands for any run of
 * characters (including none, and including `/` in dataset names), `?` for
 * exactly one character; every other character, `[` and `\` included, is literal.
 * Linear-backtracking match: no regex, so no pattern can make it blow up.
 */
export function matchesGlob(name: string, pattern: string): boolean {
  const text = Array.from(name);
  const glob = Array.from(pattern);
  let t = 0;
  let g = 0;
  // Where the last `*` was and how much text it has swallowed so far.
  let starAt = -1;
  let starText = 0;
  while (t < text.length) {
    const token = glob[g];
    if (token === "*") {
      starAt = g++;
      starText = t;
    } else if (token !== undefined && (token === "?" || token === text[t])) {
      t++;
      g++;
    } else if (starAt !== -1) {
      g = starAt + 1;
      t = ++starText;
    } else {
      return false;
    }
  }
  while (glob[g] === "*") g++;
  return g === glob.length;
}

/** True when `name` matches at least one of `patterns`. */
export function matchesAnyGlob(name: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => matchesGlob(name, pattern));
}
