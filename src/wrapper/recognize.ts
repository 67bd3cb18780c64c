// The wrapper's view of the tool-output recogniser: never throws, null when nothing is recognised.
import { type RecognizedOutput, recognizeToolOutput } from '../ingest/reports/recognize-output.js'
import type { OutputHint } from './command-hint.js'

export type Recognized = RecognizedOutput

export function recognize(stdout: string, stderr: string, hint: OutputHint | null): Recognized | null {
  try {
    // borg prints naive local times; the wrapper runs where borg ran
    return recognizeToolOutput(stdout, stderr, hint, { utcOffsetMinutes: -new Date().getTimezoneOffset() })
  } catch {
    return null
  }
}
