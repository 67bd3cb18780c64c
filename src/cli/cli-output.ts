// How the client commands print: aligned tables, times relative to now (and exact in a zone for
// a single record), status words in colour only on a terminal, the API's JSON with --json.
import { ago, exactTime } from '../domain/format.js'
import { CliError } from './api-client.js'

type Env = Record<string, string | undefined>

/**
 * Colour only when stdout is a terminal and neither NO_COLOR (any non-empty value, no-color.org)
 * nor FORCE_COLOR=0 says no; FORCE_COLOR=1 (or any other value) asks for it on a pipe too.
 */
export function colorWanted(isTty: boolean, env: Env = process.env): boolean {
  if (env.NO_COLOR) return false
  const force = env.FORCE_COLOR
  if (force === '0' || force === 'false') return false
  if (force !== undefined && force !== '') return true
  return isTty
}

const SGR = { red: 31, green: 32, yellow: 33, blue: 34, cyan: 36, dim: 2 } as const
type Color = keyof typeof SGR

/** The colour a status, severity or state word is shown in. */
const WORD_COLORS: Record<string, Color> = {
  up: 'green',
  succeeded: 'green',
  online: 'green',
  resolved: 'green',
  grace: 'yellow',
  warning: 'yellow',
  down: 'red',
  failed: 'red',
  offline: 'red',
  critical: 'red',
  running: 'cyan',
  active: 'red',
  info: 'blue',
  new: 'dim',
  paused: 'dim',
  unknown: 'dim',
}

export class Out {
  constructor(
    readonly color: boolean,
    /** the instant relative times are measured from */
    readonly now: number,
    private readonly write: (text: string) => void = (t) => process.stdout.write(t),
  ) {}

  static forStdout(env: Env = process.env): Out {
    return new Out(colorWanted(process.stdout.isTTY === true, env), cliNow(env))
  }

  print(text: string): void {
    this.write(text.endsWith('\n') ? text : `${text}\n`)
  }

  json(value: unknown): void {
    this.write(`${JSON.stringify(value, null, 2)}\n`)
  }

  /** `text` in the colour of its first word ("failed (locked)" is red), as is without colour. */
  word(text: string): string {
    const c = WORD_COLORS[text.split(' ')[0]!]
    return this.color && c ? `\x1b[${SGR[c]}m${text}\x1b[0m` : text
  }

  /** "3 h ago"; "-" for none. */
  ago(at: string | null): string {
    return at === null ? '-' : ago(Date.parse(at), this.now)
  }

  /** "5 Jan 2026, 03:00:00 CET (9 h ago)" in `zone` (UTC when null); "-" for none. */
  when(at: string | null, zone: string | null): string {
    if (at === null) return '-'
    const ms = Date.parse(at)
    return `${exactTime(ms, zone)} (${ago(ms, this.now)})`
  }

  /**
   * Rows aligned in columns two spaces apart (the first row is the header); the cells of the
   * columns in `words` are coloured by `word()` after padding, so colour never shifts a column.
   */
  table(rows: string[][], words: number[] = []): string {
    return alignedTable(rows, (cell, padded, i, y) =>
      y === 0 || !words.includes(i) ? padded : this.word(cell) + padded.slice(cell.length),
    )
  }

  /** "label  value" lines, the labels padded to one width; null values left out. */
  fields(pairs: [string, string | null][]): string {
    const shown = pairs.filter((p): p is [string, string] => p[1] !== null)
    const width = Math.max(...shown.map(([k]) => k.length)) + 2
    return shown.map(([k, v]) => `${k.padEnd(width)}${v}`).join('\n')
  }
}

/**
 * Rows aligned in columns two spaces apart, no trailing spaces, lines joined without a final
 * newline. `paint` may decorate a cell after padding (`padded` is `cell` padded to its column).
 */
export function alignedTable(
  rows: string[][],
  paint: (cell: string, padded: string, column: number, row: number) => string = (_, padded) => padded,
): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)))
  return rows
    .map((r, y) =>
      r
        .map((cell, i) => paint(cell, i === r.length - 1 ? cell : cell.padEnd(widths[i]!), i, y))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}

/** Now, or BACKWATCH_NOW (an ISO instant) for reproducible output (tests, documentation). */
export function cliNow(env: Env = process.env): number {
  const fixed = env.BACKWATCH_NOW
  if (fixed === undefined || fixed === '') return Date.now()
  const ms = Date.parse(fixed)
  if (Number.isNaN(ms)) throw new CliError(`BACKWATCH_NOW is not an ISO time: "${fixed}"`, 2)
  return ms
}
