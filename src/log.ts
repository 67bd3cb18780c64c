// Minimal structured logging to stderr. Never pass secrets (tokens, ping keys) in fields.
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
  /** What helps find a fault but is no problem by itself; off unless asked for. */
  debug?(msg: string, fields?: Record<string, unknown>): void
}

function line(level: string, msg: string, fields?: Record<string, unknown>): string {
  const extra = fields
    ? Object.entries(fields)
        .map(([k, v]) => ` ${k}=${v instanceof Error ? JSON.stringify(v.message) : JSON.stringify(v)}`)
        .join('')
    : ''
  return `${new Date().toISOString()} ${level} ${msg}${extra}\n`
}

/** Writes each line to `write` (tests record what stderr would get). */
/** `debug`: write debug lines too (BACKWATCH_LOG_LEVEL=debug for `backwatch serve`). */
export function lineLogger(write: (line: string) => void, quiet = false, debug = false): Logger {
  return {
    info: (msg, fields) => {
      if (!quiet) write(line('info', msg, fields))
    },
    warn: (msg, fields) => write(line('warn', msg, fields)),
    error: (msg, fields) => write(line('error', msg, fields)),
    ...(debug && {
      debug: (msg: string, fields?: Record<string, unknown>) => write(line('debug', msg, fields)),
    }),
  }
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

/** Keeps `log`'s lines at `level` and above. */
export function atLevel(log: Logger, level: LogLevel): Logger {
  const min = LOG_LEVELS.indexOf(level)
  const keep = (l: LogLevel) => LOG_LEVELS.indexOf(l) >= min
  const none = () => {}
  return {
    info: keep('info') ? log.info : none,
    warn: keep('warn') ? log.warn : none,
    error: log.error,
    ...(keep('debug') && log.debug && { debug: log.debug }),
  }
}

export function stderrLogger(quiet = false, debug = false): Logger {
  return lineLogger((text) => process.stderr.write(text), quiet, debug)
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} }
