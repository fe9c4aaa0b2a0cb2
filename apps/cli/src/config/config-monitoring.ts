import { DURATION_FORMS, parseDurationSeconds } from "../check/duration-text.js";
import { type ConfigReader, type ConfigValue, describeValue, scalarValue } from "./config-nodes.js";

/** A threshold of `zrelay check` (`check-warn: 26h`), in seconds; undefined (recorded) when wrong. */
export function readDuration(value: ConfigValue, reader: ConfigReader): number | undefined {
  const raw = scalarValue(value.node);
  const seconds = typeof raw === "string" ? parseDurationSeconds(raw) : undefined;
  if (seconds !== undefined) return seconds;
  reader.issues.add(
    value.offset,
    value.keyPath,
    `${describeValue(value.node)} is not a duration: write ${DURATION_FORMS}`,
  );
  return undefined;
}

/** `state-dir`: an absolute directory; undefined (recorded) when it is not one. */
export function readStateDir(value: ConfigValue, reader: ConfigReader): string | undefined {
  const raw = scalarValue(value.node);
  if (typeof raw === "string" && raw.startsWith("/")) return raw;
  reader.issues.add(
    value.offset,
    value.keyPath,
    `${describeValue(value.node)} is not an absolute directory, e.g. state-dir: /var/lib/zrelay`,
  );
  return undefined;
}
