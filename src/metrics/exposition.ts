// Prometheus text exposition format 0.0.4: escaping, headers and sample values. Pure functions.
// https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format

/** What `# TYPE` says. `untyped` is for the gauges SPEC §5 names with a `_total` suffix. */
export type MetricType = 'gauge' | 'counter' | 'untyped'

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

/** A label value as it goes between the double quotes: backslash, double quote and newline escaped. */
export function escapeLabelValue(value: string): string {
  // indexOf is much cheaper than a regular expression, and almost no value needs escaping
  if (value.indexOf('\\') === -1 && value.indexOf('"') === -1 && value.indexOf('\n') === -1) return value
  return value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))
}

/** HELP text: backslash and newline escaped (double quotes stay as they are). */
export function escapeHelp(text: string): string {
  return text.replace(/[\\\n]/g, (c) => (c === '\n' ? '\\n' : '\\\\'))
}

/** `name="value",…` (without braces) from name/value pairs; names must be valid label names. */
export function labelPairs(pairs: readonly (readonly [string, string])[]): string {
  let out = ''
  for (const [name, value] of pairs) {
    out += `${out === '' ? '' : ','}${name}="${escapeLabelValue(value)}"`
  }
  return out
}

/** The `# HELP` and `# TYPE` lines that open a metric family. */
export function familyHeader(name: string, type: MetricType, help: string): string {
  return `# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} ${type}\n`
}

/**
 * A sample value, or null when there is none to expose: +Inf, -Inf and NaN are never produced
 * (a series whose value is unknown is left out instead).
 */
export function formatValue(value: number | null | undefined): string | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null
  return String(value)
}

/** Epoch or duration milliseconds as seconds with millisecond precision ("1732253524.123"). */
export function msToSeconds(ms: number | null | undefined): string | null {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return null
  return String(Math.round(ms) / 1000)
}

/** One sample line; `labels` is a labelPairs() string (may be empty). */
export function sample(name: string, labels: string, value: string): string {
  return labels === '' ? `${name} ${value}\n` : `${name}{${labels}} ${value}\n`
}
