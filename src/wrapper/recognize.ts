// The wrapper's view of the tool-output recogniser: never throws, null when nothing is recognised.
import type { Tool } from '../domain/types.js'
import type { ReportedRun } from '../ingest/reports/reported-run.js'
import type { OutputHint } from './command-hint.js'

export interface Recognized {
  tool: Tool
  run: ReportedRun
}

type Recognizer = (stdout: string, stderr: string, hint?: OutputHint | null) => Recognized | null

// TEMPORARY: loaded by name until src/ingest/reports/recognize-output.ts lands.
const MODULE = '../ingest/reports/recognize-output.js'

export async function recognize(
  stdout: string,
  stderr: string,
  hint: OutputHint | null,
): Promise<Recognized | null> {
  try {
    const mod = (await import(MODULE)) as { recognizeToolOutput: Recognizer }
    return mod.recognizeToolOutput(stdout, stderr, hint)
  } catch {
    return null
  }
}
