// Runs the built CLI (`node bin/backwatch.js`, what `npm install -g` runs) as a child process,
// piped or on a pseudo-terminal (util-linux `script`), with a clean colour environment.
import { execFile, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { ROOT } from './child.js'

const BIN = join(ROOT, 'bin', 'backwatch.js')

export interface BuiltResult {
  code: number
  stdout: string
  stderr: string
}

/** Throws unless dist/ was built after the last change to its sources (the check npm start makes). */
export function requireFreshBuild(): void {
  const check = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-if-stale.mjs'), '--check', ROOT], {
    encoding: 'utf8',
  })
  if (check.status !== 0) throw new Error(`${check.stderr.trim()} first`)
}

function cleanEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const base = { ...process.env }
  for (const k of ['NO_COLOR', 'FORCE_COLOR', 'BACKWATCH_URL', 'BACKWATCH_TOKEN', 'BACKWATCH_API_TOKEN']) {
    delete base[k]
  }
  return { ...base, ...env }
}

function exec(file: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<BuiltResult> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { env: cleanEnv(env), timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0
      resolve({ code, stdout, stderr })
    })
    child.stdin!.end(input ?? '')
  })
}

/** `backwatch ARGS` with stdout and stdin piped. */
export function builtCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<BuiltResult> {
  return exec(process.execPath, [BIN, ...args], env)
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`

/**
 * `backwatch ARGS` on a pseudo-terminal (stdin and stdout a TTY); `input` is typed into it.
 * The terminal's output (stdout and stderr together, \r\n line ends) comes back as stdout.
 */
export function builtCliOnTty(args: string[], env: NodeJS.ProcessEnv = {}, input = ''): Promise<BuiltResult> {
  const command = [process.execPath, BIN, ...args].map(quote).join(' ')
  return exec('script', ['-q', '-e', '-c', command, '/dev/null'], env, input)
}
