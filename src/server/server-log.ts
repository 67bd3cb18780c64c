// The log of `backwatch serve`: text lines (the default, src/log.ts) or JSON lines through pino
// (`--log-format json`), both to stderr, at `--log-level` and above. Callers see the one Logger
// interface either way.
import pino from 'pino'
import { atLevel, type Logger, type LogLevel, lineLogger } from '../log.js'

export const LOG_FORMATS = ['text', 'json'] as const
export type LogFormat = (typeof LOG_FORMATS)[number]

/** Error values as their message, as the text format writes them (no stack traces in the log). */
function plain(fields: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!fields) return {}
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(fields)) out[k] = v instanceof Error ? v.message : v
  return out
}

/**
 * One JSON object per line: `{"level":"info","time":"2026-…Z","pid":…,"hostname":…,"msg":…, fields…}`.
 * Written synchronously, so nothing is lost when the process exits right after.
 */
export function jsonLogger(level: LogLevel, fd = 2): Logger {
  const p = pino(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination({ fd, sync: true }),
  )
  return {
    info: (msg, fields) => p.info(plain(fields), msg),
    warn: (msg, fields) => p.warn(plain(fields), msg),
    error: (msg, fields) => p.error(plain(fields), msg),
    ...(level === 'debug' && {
      debug: (msg: string, fields?: Record<string, unknown>) => p.debug(plain(fields), msg),
    }),
  }
}

/** The serve log in `format` at `level`, to stderr. */
export function serverLogger(format: LogFormat, level: LogLevel): Logger {
  if (format === 'json') return jsonLogger(level)
  return atLevel(
    lineLogger((text) => process.stderr.write(text), false, level === 'debug'),
    level,
  )
}
