import { lastValue, parseOptions } from "./command-options.js";
import { reportingCommand } from "./emulator-command.js";
import { emulatorErrors } from "./emulator-errors.js";
import { keyDigest, readKeyMaterial, validateKey } from "./key-material.js";
import { ZFS_USAGE } from "./zfs-usage.js";

function onlyDataset(operands: readonly string[], usage: string | undefined): string {
  if (operands.length === 0)
    throw emulatorErrors.usage("missing dataset argument (specify -a for all)", usage);
  if (operands.length > 1) throw emulatorErrors.usage("too many arguments", usage);
  return operands[0] as string;
}

/**
 * `zfs load-key [-n] [-L KEYLOCATION] NAME`. The key must match the one the
 * encryption root was created with (a raw-received copy keeps the sender's).
 */
export const zfsLoadKey = reportingCommand((state, _report, args) => {
  const usage = ZFS_USAGE["load-key"];
  const options = parseOptions(args, { flags: "rna", values: "L", usage });
  if (options.flags.has("r") || options.flags.has("a"))
    throw emulatorErrors.unsupported("zfs load-key -r/-a");
  const name = onlyDataset(options.operands, usage);
  state.zfs.loadKey(name); // zfs's own checks first: encrypted, an encryption root, not loaded yet
  const keylocation = lastValue(options, "L") ?? state.zfs.getProperty(name, "keylocation").value;
  const material = readKeyMaterial(keylocation, "Key load error", name);
  const expected = state.zfs.keyDigest(name);
  const checked = validateKey(state.zfs.dataset(name).keyformat, material);
  if ("problem" in checked || (expected !== undefined && keyDigest(checked.key) !== expected)) {
    throw emulatorErrors.keyIncorrect(name);
  }
  if (options.flags.has("n")) state.zfs.unloadKey(name);
});

/** `zfs unload-key NAME`: refused while a filesystem using the key is mounted. */
export const zfsUnloadKey = reportingCommand((state, _report, args) => {
  const usage = ZFS_USAGE["unload-key"];
  const options = parseOptions(args, { flags: "ra", usage });
  if (options.flags.has("r") || options.flags.has("a"))
    throw emulatorErrors.unsupported("zfs unload-key -r/-a");
  const name = onlyDataset(options.operands, usage);
  const dataset = state.zfs.dataset(name);
  if (
    dataset.encryptionRoot === name &&
    state.zfs.mountedDatasets().some((m) => state.zfs.dataset(m).encryptionRoot === name)
  ) {
    throw emulatorErrors.keyBusy(name);
  }
  state.zfs.unloadKey(name);
});
