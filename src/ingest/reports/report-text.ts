// A tool's own text (stderr, log messages) made fit for a run's `error`: printable, without
// terminal escapes or progress redraws, and bounded. Bounding keeps the head and the tail,
// because tools print the decisive line last (restic's `Fatal: …`) as often as first.

export const ERROR_TEXT_LIMIT = 2000

/** Inputs longer than this are cut (head and tail) before any line processing. */
const RAW_TEXT_LIMIT = 256 * 1024

const ANSI_ESCAPE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]/g
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g

/**
 * The non-blank lines of a tool's text: ANSI escapes and control characters removed, a line
 * redrawn with `\r` (progress output) reduced to what a terminal would show last.
 */
export function textLines(text: string): string[] {
  const src =
    text.length > RAW_TEXT_LIMIT
      ? `${text.slice(0, RAW_TEXT_LIMIT / 2)}\n…\n${text.slice(text.length - RAW_TEXT_LIMIT / 2)}`
      : text
  const out: string[] = []
  for (const raw of src.split('\n')) {
    let line = raw.replace(ANSI_ESCAPE, '')
    if (line.includes('\r')) {
      const shown = line.split('\r').filter((part) => part.trim() !== '')
      line = shown[shown.length - 1] ?? ''
    }
    line = line.replace(CONTROL, '').trimEnd()
    if (line.trim() !== '') out.push(line)
  }
  return out
}

/** At most `limit` characters: the head, a `…` line, and the tail. */
export function boundText(text: string, limit = ERROR_TEXT_LIMIT): string {
  if (text.length <= limit) return text
  const marker = '\n…\n'
  const head = Math.ceil((limit - marker.length) / 2)
  const tail = limit - marker.length - head
  return sliceChars(text, 0, head) + marker + sliceChars(text, text.length - tail, text.length)
}

/** Non-empty parts joined by newlines and bounded, or null when there is nothing to say. */
export function joinText(
  parts: readonly (string | null | undefined)[],
  limit = ERROR_TEXT_LIMIT,
): string | null {
  const kept: string[] = []
  for (const part of parts) {
    const t = part?.trim()
    if (t) kept.push(t)
  }
  return kept.length === 0 ? null : boundText(kept.join('\n'), limit)
}

/** A JSON.parse failure as a short, printable phrase (V8 quotes part of the input). */
export function describeJsonError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e)
  const clean = message.replace(ANSI_ESCAPE, '').replace(/[\x00-\x1f\x7f]/g, ' ')
  return clean.length > 160 ? `${sliceChars(clean, 0, 159)}…` : clean
}

/**
 * Keeps the first and the last `max` lines of a stream of lines, counting what was dropped
 * between them, so a flood of error lines costs bounded memory.
 */
export class LineSample {
  private readonly head: string[] = []
  private tail: string[] = []
  private omitted = 0

  constructor(private readonly max = 50) {}

  push(line: string): void {
    if (this.head.length < this.max) {
      this.head.push(line)
      return
    }
    this.tail.push(line)
    if (this.tail.length > 2 * this.max) {
      this.omitted += this.tail.length - this.max
      this.tail = this.tail.slice(this.tail.length - this.max)
    }
  }

  lines(): string[] {
    const tail = this.tail.length > this.max ? this.tail.slice(this.tail.length - this.max) : this.tail
    const omitted = this.omitted + (this.tail.length - tail.length)
    return omitted > 0 ? [...this.head, `… (${omitted} lines omitted)`, ...tail] : [...this.head, ...tail]
  }
}

/** Slice without splitting a UTF-16 surrogate pair at either end. */
function sliceChars(text: string, start: number, end: number): string {
  let s = start
  let e = end
  if (s > 0 && isLowSurrogate(text.charCodeAt(s))) s++
  if (e < text.length && isLowSurrogate(text.charCodeAt(e))) e--
  return text.slice(s, e)
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff
}
