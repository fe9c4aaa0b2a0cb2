import type { CommandEntry, OptionEntry } from "./command-reference.js";

/*
 * Static completion scripts, written from the command reference at build time. The
 * commander completion packages either call the program at every Tab (half a second of
 * Node start each) or need an outside tool (carapace), so zrelay writes plain scripts.
 */

/** Value names whose values are files on this machine. */
const FILE_VALUES = new Set(["file", "path"]);

/** `zrelay.bash` for bash-completion (/usr/share/bash-completion/completions/zrelay). */
export function bashCompletion(reference: readonly CommandEntry[]): string {
  const valueOptions = uniqueOptions(reference).filter((option) => option.valueName !== undefined);
  const byKind = (test: (option: OptionEntry) => boolean) =>
    valueOptions
      .filter(test)
      .map((option) => option.long)
      .join("|");
  const choiceCases = valueOptions
    .filter((option) => option.choices !== undefined)
    .map(
      (option) =>
        `    ${option.long}) COMPREPLY=($(compgen -W '${(option.choices ?? []).join(" ")}' -- "$cur")); return ;;`,
    );
  const fileOptions = byKind(
    (option) => option.choices === undefined && FILE_VALUES.has(option.valueName ?? ""),
  );
  const hostOptions = byKind((option) => option.valueName === "host");
  const otherOptions = byKind(
    (option) =>
      option.choices === undefined && option.valueName !== "host" && !FILE_VALUES.has(option.valueName ?? ""),
  );
  const pathCases = commandPathPatterns(reference);
  const wordCases = reference.map((entry) => {
    const words = [...(entry.path.length === 0 ? [...entry.subcommands, "help"] : entry.subcommands)];
    const options = entry.options.flatMap((option) => [option.short, option.long]).filter(Boolean);
    return `    '${entry.path.join("/")}') commands='${words.join(" ")}'; options='${options.join(" ")}' ;;`;
  });
  return `# bash completion for zrelay: generated from its command definitions; do not edit.
_zrelay() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]}
  case "$prev" in
${choiceCases.join("\n")}
    ${fileOptions}) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    ${hostOptions}) COMPREPLY=($(compgen -A hostname -- "$cur")); return ;;
    ${otherOptions}) return ;;
  esac
  # The command the words so far name: pull, plan/pull, ...
  local path='' i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "$path/\${COMP_WORDS[i]}" in
      ${pathCases}) path=\${path:+$path/}\${COMP_WORDS[i]} ;;
    esac
  done
  local commands='' options=''
  case "$path" in
${wordCases.join("\n")}
    help) commands='${reference.find((entry) => entry.path.length === 0)?.subcommands.join(" ") ?? ""}' ;;
  esac
  if [[ $cur == -* || -z $commands ]]; then
    COMPREPLY=($(compgen -W "$options" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$commands" -- "$cur"))
  fi
}
complete -F _zrelay zrelay
`;
}

/** `_zrelay` for zsh (/usr/share/zsh/vendor-completions/_zrelay). */
export function zshCompletion(reference: readonly CommandEntry[]): string {
  const pathCases = commandPathPatterns(reference);
  const root = reference.find((entry) => entry.path.length === 0);
  const helpTopics = (root?.subcommands ?? []).map((name) => zshQuote(name));
  const byPath = reference.map((entry) => {
    const children = reference.filter(
      (child) =>
        child.path.length === entry.path.length + 1 && child.path.join("/").startsWith(entry.path.join("/")),
    );
    const commands = children.map((child) => zshQuote(`${child.path.at(-1)}:${child.description}`));
    const options = entry.options.map(zshOptionSpec);
    return [
      `    '${entry.path.join("/")}')`,
      `      commands=(${commands.join(" ")})`,
      `      options=(${options.join(" \\\n        ")})`,
      "      ;;",
    ].join("\n");
  });
  return `#compdef zrelay
# zsh completion for zrelay: generated from its command definitions; do not edit.
_zrelay() {
  local -a commands options
  local p='' i
  for ((i = 2; i < CURRENT; i++)); do
    case "$p/\${words[i]}" in
      (${pathCases}) p=\${p:+$p/}\${words[i]} ;;
    esac
  done
  case "$p" in
${byPath.join("\n")}
    (help) commands=(${helpTopics.join(" ")}) ;;
  esac
  if (( \${#commands} )) && [[ \${words[CURRENT]} != -* ]]; then
    _describe -t commands 'zrelay command' commands
  else
    _arguments -s : "\${options[@]}" '*:argument: '
  fi
}
_zrelay "$@"
`;
}

function zshOptionSpec(option: OptionEntry): string {
  const description = option.description.replace(/[[\]:\\]/g, (character) => `\\${character}`);
  let action = "";
  if (option.valueName !== undefined) {
    if (option.choices !== undefined) action = `:${option.valueName}:(${option.choices.join(" ")})`;
    else if (option.valueName === "host") action = `:${option.valueName}:_hosts`;
    else if (FILE_VALUES.has(option.valueName)) action = `:${option.valueName}:_files`;
    else action = `:${option.valueName}: `;
  }
  const names = option.short === undefined ? [option.long] : [option.short, option.long];
  const exclusion = names.length > 1 ? `(${names.join(" ")})` : "";
  return names.map((name) => zshQuote(`${exclusion}${name}[${description}]${action}`)).join(" ");
}

function zshQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

/** `/pull|plan/pull|…|/help`: each command's path as the completion scripts track it. */
function commandPathPatterns(reference: readonly CommandEntry[]): string {
  return [
    ...reference
      .filter((entry) => entry.path.length > 0)
      .map((entry) => `${entry.path.slice(0, -1).join("/")}/${entry.path.at(-1)}`),
    "/help",
  ].join("|");
}

/** Each long option once, whichever commands have it. */
function uniqueOptions(reference: readonly CommandEntry[]): OptionEntry[] {
  const seen = new Map<string, OptionEntry>();
  for (const entry of reference) for (const option of entry.options) seen.set(option.long, option);
  return [...seen.values()];
}
