// Minimal structured logging to stderr. Never pass secrets (tokens, ping keys) in fields.
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
}

function line(level: string, msg: string, fields?: Record<string, unknown>): string {
  const extra = fields
    ? Object.entries(fields)
        .map(([k, v]) => ` ${k}=${v instanceof Error ? JSON.stringify(v.message) : JSON.stringify(v)}`)
        .join('')
    : ''
  return `${new Date().toISOString()} ${level} ${msg}${extra}\n`
}

export function stderrLogger(quiet = false): Logger {
  return {
    info: (msg, fields) => {
      if (!quiet) process.stderr.write(line('info', msg, fields))
    },
    warn: (msg, fields) => process.stderr.write(line('warn', msg, fields)),
    error: (msg, fields) => process.stderr.write(line('error', msg, fields)),
  }
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} }
