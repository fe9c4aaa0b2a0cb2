import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { expect } from "vitest";

/** The metrics file checked as the Prometheus text format: every family a typed, documented gauge of numbers. */
export function parsedMetrics(text: string) {
  const families = parsePrometheusTextFormat(text);
  for (const family of families) {
    expect(family.type, family.name).toBe("GAUGE");
    expect(family.help, family.name).not.toBe("");
    for (const sample of family.metrics) {
      expect(Number.isFinite(Number(sample.value)), `${family.name} ${sample.value}`).toBe(true);
      expect(sample).not.toHaveProperty("timestamp_ms");
    }
  }
  return new Map(families.map((family) => [family.name, family.metrics]));
}
