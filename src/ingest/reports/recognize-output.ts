// What did the wrapped command print? Used by `backwatch run` on the tail of a command's captured
// stdout and stderr: recognises restic's JSON lines, a borg create JSON object (pretty-printed,
// possibly after other text) and borgmatic's JSON array, and parses them into a ReportedRun.
//
// Output with no result in it but with the tool's own text (a restic lock error on stderr with an
// empty stdout, a borg --log-json error) is recognised only with a `hint` (from the command name)
// or, for borg, from its --log-json lines. Such a run has status null: whether it failed is for
// the exit code to say (classifyOutcome), because the command may not have been a backup at all
// (`borg prune`, `borgmatic check`); `error` then holds the tool's text for lock detection.
import { parseBorgCreate, readBorgArchive, readBorgStderr } from './borg-create.js'
import { borgmaticStderrLines, parseBorgmaticCreate } from './borgmatic-create.js'
import { joinText } from './report-text.js'
import { emptyReportedRun, type ReportedRun } from './reported-run.js'
import { parseResticBackup, resticErrorText } from './restic-backup.js'

export type ReportTool = 'restic' | 'borg' | 'borgmatic'

export interface RecognizedOutput {
  tool: ReportTool
  run: ReportedRun
}

export interface RecognizeOptions {
  /** the host's offset from UTC in minutes (local = UTC + offset), for borg's naive timestamps */
  utcOffsetMinutes?: number | null
}

/** restic writes message_type first in every JSON line. */
const RESTIC_JSON_LINE = /^\s*\{\s*"message_type"\s*:/m

/** Only the tail is searched for borg and borgmatic JSON (their JSON comes last). */
const SEARCH_WINDOW = 4 * 1024 * 1024
/** Candidate `{` positions tried before giving up on finding a borg object. */
const MAX_CANDIDATES = 2000
/** Characters brace matching may visit in all, so unbalanced text cannot make it quadratic. */
const MATCH_BUDGET = 32 * 1024 * 1024

export function recognizeToolOutput(
  stdout: string,
  stderr: string,
  hint?: ReportTool | null,
  opts: RecognizeOptions = {},
): RecognizedOutput | null {
  const parseOpts = { stderr, utcOffsetMinutes: opts.utcOffsetMinutes ?? null }
  if (RESTIC_JSON_LINE.test(stdout) || RESTIC_JSON_LINE.test(stderr)) {
    return { tool: 'restic', run: parseResticBackup(stdout, stderr) }
  }
  const tail = stdout.length > SEARCH_WINDOW ? stdout.slice(stdout.length - SEARCH_WINDOW) : stdout
  const borgmaticJson = findBorgmaticJson(tail)
  if (borgmaticJson !== null)
    return { tool: 'borgmatic', run: parseBorgmaticCreate(borgmaticJson, parseOpts) }
  const borgJson = findBorgJson(tail)
  if (borgJson !== null) return { tool: 'borg', run: parseBorgCreate(borgJson, parseOpts) }

  const tool = hint ?? (hasBorgLogJson(stderr) ? 'borg' : null)
  if (tool === null) return null
  const run = textOnlyRun(tool, stderr)
  return run ? { tool, run } : null
}

/** A run from the tool's stderr alone: status null, `error` = its text. Null if it said nothing. */
function textOnlyRun(tool: ReportTool, stderr: string): ReportedRun | null {
  const run = emptyReportedRun('backup')
  if (tool === 'restic') {
    run.error = resticErrorText(stderr)
  } else if (tool === 'borg') {
    const borg = readBorgStderr(stderr)
    run.error = joinText(borg.lines)
    run.exitCode = borg.exitCode
  } else {
    run.error = joinText(borgmaticStderrLines(stderr))
  }
  return run.error === null && run.exitCode === null ? null : run
}

function hasBorgLogJson(stderr: string): boolean {
  return /^\{"type": ?"log_message"/m.test(stderr)
}

/** The last line that is a JSON array holding at least one borg create object. */
function findBorgmaticJson(text: string): string | null {
  let end = text.length
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1
    const line = text.slice(start, end).trim()
    end = start - 1
    if (!line.startsWith('[') || !line.endsWith(']') || !line.includes('"archive"')) continue
    try {
      const value: unknown = JSON.parse(line)
      if (Array.isArray(value) && value.some((item) => readBorgArchive(item) !== null)) return line
    } catch {
      // not JSON after all
    }
  }
  return null
}

/**
 * The last top-level JSON object with an `archive` object in it. Candidates are the `{` that
 * begin a line (borg pretty-prints its object from a line of its own), tried from the end; each
 * candidate's extent is found by matching braces outside strings, then parsed.
 */
function findBorgJson(text: string): string | null {
  let pos = text.length
  let tried = 0
  let budget = MATCH_BUDGET
  while (tried < MAX_CANDIDATES && budget > 0) {
    const open = text.lastIndexOf('{', pos - 1)
    if (open === -1) return null
    pos = open
    if (!beginsLine(text, open)) continue
    tried++
    const close = matchingBrace(text, open, Math.min(text.length, open + budget))
    budget -= (close === -1 ? Math.min(text.length, open + budget) : close + 1) - open
    if (close === -1) continue
    const candidate = text.slice(open, close + 1)
    if (!candidate.includes('"archive"')) continue
    try {
      if (readBorgArchive(JSON.parse(candidate)) !== null) return candidate
    } catch {
      // not JSON after all
    }
  }
  return null
}

function beginsLine(text: string, index: number): boolean {
  for (let i = index - 1; i >= 0; i--) {
    const c = text[i]
    if (c === '\n') return true
    if (c !== ' ' && c !== '\t' && c !== '\r') return false
  }
  return true
}

/** Index of the `}` closing the object that opens at `open`, searched before `end`, or -1. */
function matchingBrace(text: string, open: number, end: number): number {
  let depth = 0
  let inString = false
  for (let i = open; i < end; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++
      else if (c === 0x22) inString = false
    } else if (c === 0x22) {
      inString = true
    } else if (c === 0x7b) {
      depth++
    } else if (c === 0x7d) {
      depth--
      if (depth === 0) return i
    }
  }
  return -1
}
