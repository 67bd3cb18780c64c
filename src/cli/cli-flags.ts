// Declared command lines for the client commands: one list of flags gives the parser its options
// and the help its lines, so the help always lists every flag. A mistake (an unknown flag, a
// missing value) is one line and exit 2.
import { parseArgs } from 'node:util'
import { CliError } from './api-client.js'

export interface FlagSpec {
  name: string
  /** the value's placeholder in the help ("SLUG"); absent for a switch */
  arg?: string
  short?: string
  multiple?: boolean
  help: string
}

export interface CommandSpec {
  /** "runs", "jobs" */
  command: string
  /** the usage lines after "backwatch " */
  usage: string[]
  /** what the command does, a few lines */
  about: string
  flags: FlagSpec[]
}

/** The flags every client command takes. */
export const CLIENT_FLAGS: FlagSpec[] = [
  { name: 'json', help: "print the API's JSON instead of a table" },
  { name: 'url', arg: 'URL', help: 'Backwatch server (BACKWATCH_URL; default http://127.0.0.1:8080)' },
  { name: 'token', arg: 'TOKEN', help: 'API token (BACKWATCH_TOKEN or BACKWATCH_API_TOKEN)' },
  { name: 'help', short: 'h', help: 'show this help' },
]

export function helpText(spec: CommandSpec): string {
  const names = spec.flags.map(
    (f) => `${f.short ? `-${f.short}, ` : ''}--${f.name}${f.arg ? ` ${f.arg}` : ''}`,
  )
  const width = Math.max(...names.map((n) => n.length)) + 2
  const lines = spec.flags.map((f, i) => `  ${names[i]!.padEnd(width)}${f.help}`)
  const usage = spec.usage.map((u, i) => `${i === 0 ? 'Usage: ' : '       '}backwatch ${u}`)
  return `${usage.join('\n')}\n\n${spec.about.trimEnd()}\n\nOptions:\n${lines.join('\n')}\n`
}

export interface Parsed {
  positionals: string[]
  /** a flag's value (undefined when not given) */
  text(name: string): string | undefined
  /** a switch */
  on(name: string): boolean
  /** a repeatable flag's values */
  list(name: string): string[]
}

/** node's parse error (ERR_PARSE_ARGS_*) as one line naming the command's help. */
export function usageMistake(spec: Pick<CommandSpec, 'command'>, err: Error): string {
  const unknown = /^Unknown option '([^']+)'/.exec(err.message)
  const missing = /^Option '(?:-\w, )?(--[^ ']+)[^']*' argument missing/.exec(err.message)
  const what = unknown
    ? `unknown option ${unknown[1]}`
    : missing
      ? `${missing[1]} needs a value`
      : err.message.split(/\.\s/)[0]!.replace(/\.$/, '')
  return `${spec.command}: ${what} (see "backwatch ${spec.command} --help")`
}

export function parseCommand(spec: CommandSpec, argv: string[]): Parsed {
  const options = Object.fromEntries(
    spec.flags.map((f) => [
      f.name,
      {
        type: f.arg ? ('string' as const) : ('boolean' as const),
        ...(f.short && { short: f.short }),
        ...(f.multiple && { multiple: true }),
      },
    ]),
  )
  let parsed: { values: Record<string, unknown>; positionals: string[] }
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true })
  } catch (err) {
    if (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) {
      throw new CliError(usageMistake(spec, err), 2)
    }
    throw err
  }
  const { values, positionals } = parsed
  return {
    positionals,
    text: (name) => (typeof values[name] === 'string' ? (values[name] as string) : undefined),
    on: (name) => values[name] === true,
    list: (name) => (Array.isArray(values[name]) ? (values[name] as string[]) : []),
  }
}

export function usageError(spec: CommandSpec, message: string): CliError {
  return new CliError(`${spec.command}: ${message} (see "backwatch ${spec.command} --help")`, 2)
}

/** A whole number from 1 to `max`. */
export function countFlag(spec: CommandSpec, flag: string, value: string | undefined, max: number) {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!/^\d+$/.test(value) || n < 1 || n > max) {
    throw usageError(spec, `--${flag} must be a whole number from 1 to ${max}, got "${value}"`)
  }
  return n
}

/** One of `allowed`, or a usage error naming them. */
export function choiceFlag<T extends string>(
  spec: CommandSpec,
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw usageError(spec, `--${flag} must be one of ${allowed.join(', ')}, got "${value}"`)
}
