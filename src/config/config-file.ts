// Reading a config file: YAML → settings checked against the file schema, every problem found
// at once, in line order, each naming its key path and line.
import { readFileSync, statSync } from 'node:fs'
import { LineCounter, type Node, parseDocument } from 'yaml'
import { sectionChecks } from './file-checks.js'
import { type ConfigFileSettings, fileSchema } from './file-schema.js'
import { formatProblem, type Problem, zodIssuesToProblems } from './problems.js'
import { projectChecks, tokenValueChecks } from './project-checks.js'
import { makeLineOf } from './yaml-lines.js'
import { describeValue } from './zod-messages.js'

interface FileResult {
  settings: ConfigFileSettings | null
  /** formatted, in line order */
  problems: string[]
}

function parseConfigText(text: string, env: NodeJS.ProcessEnv, cwd: string): FileResult {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, {
    lineCounter,
    keepSourceTokens: true,
    prettyErrors: false,
    uniqueKeys: true,
    merge: true,
  })
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((err) => {
      const line = lineCounter.linePos(err.pos[0]).line
      return `line ${line}: ${err.message}`
    })
    return { settings: null, problems }
  }
  let raw: unknown
  try {
    raw = doc.toJS({ maxAliasCount: 1000 })
  } catch (err) {
    return { settings: null, problems: [`config file: ${(err as Error).message}`] }
  }
  const contents = doc.contents as Node | null
  const lineOf = makeLineOf(contents, lineCounter)
  if (raw === null || raw === undefined) raw = {}
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    const line = contents?.range ? lineCounter.linePos(contents.range[0]).line : 1
    return {
      settings: null,
      problems: [`config file must be a mapping of settings, got ${describeValue(raw)} (line ${line})`],
    }
  }
  const record = raw as Record<string, unknown>
  const problems: Problem[] = []
  const result = fileSchema(env, cwd).safeParse(record)
  if (!result.success) problems.push(...zodIssuesToProblems(result.error))
  sectionChecks(record, problems)
  projectChecks(record, problems)
  if (result.success) tokenValueChecks(record, result.data, problems)

  const located = problems.map((p, i) => ({ p, i, line: lineOf(p.path) }))
  located.sort(
    (a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER) || a.i - b.i,
  )
  return {
    settings: result.success ? result.data : null,
    problems: located.map(({ p }) => formatProblem(p, lineOf)),
  }
}

/** Reads and validates a config file. `problems` is empty on success. */
export function readConfigFile(
  path: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
): { settings: ConfigFileSettings | null; problems: string[] } {
  let text: string
  try {
    if (statSync(path).isDirectory()) return { settings: null, problems: [`${path}: is a directory`] }
    text = readFileSync(path, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return { settings: null, problems: [`${path}: file not found`] }
    return { settings: null, problems: [`${path}: cannot read (${code ?? (err as Error).message})`] }
  }
  return parseConfigText(text, env, cwd)
}
