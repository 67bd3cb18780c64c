// Which backup tool a command runs, read from its name: `restic backup …`, but also through the
// usual prefixes (`sudo -u backup restic …`, `nice -n 19 ionice -c3 borg create …`,
// `env RESTIC_PASSWORD_FILE=… restic …`, `setpriv --reuid=nobody restic …`, `sh -c "borgmatic …"`).
// Also guesses the run's kind from the tool's subcommand (create/backup → backup, check → check,
// prune/forget/compact → prune).
import { basename } from 'node:path'
import type { RunKind, Tool } from '../domain/types.js'

export type OutputHint = 'restic' | 'borg' | 'borgmatic'

export interface CommandHint {
  /** the tool named by the command, or null */
  tool: Tool | null
  /** what to tell the output recogniser (resticprofile prints restic's output) */
  hint: OutputHint | null
  /** the kind of run its subcommand implies, or null */
  kind: RunKind | null
}

interface Prefix {
  /** options that take the next argument as their value */
  withValue: Set<string>
  /** positional arguments before the command (timeout DURATION, chrt PRIORITY, flock FILE) */
  positionals?: number
  /** `NAME=value` arguments are assignments (env) */
  assignments?: boolean
}

const prefix = (withValue: string[], extra: Omit<Prefix, 'withValue'> = {}): Prefix => ({
  withValue: new Set(withValue),
  ...extra,
})

const PREFIXES: Record<string, Prefix> = {
  sudo: prefix(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-T', '-U', '--user', '--group', '--chdir']),
  doas: prefix(['-u', '-C']),
  nice: prefix(['-n', '--adjustment']),
  ionice: prefix(['-c', '-n', '-p', '-P', '-u', '--class', '--classdata']),
  env: prefix(['-u', '-C', '-S', '--unset', '--chdir', '--split-string'], { assignments: true }),
  setpriv: prefix([
    '--reuid',
    '--regid',
    '--ruid',
    '--rgid',
    '--euid',
    '--egid',
    '--groups',
    '--inh-caps',
    '--ambient-caps',
    '--bounding-set',
    '--securebits',
    '--pdeathsig',
    '--selinux-label',
    '--apparmor-profile',
    '--landlock-access',
    '--landlock-rule',
  ]),
  runuser: prefix(['-u', '-g', '-G', '-s', '-w', '--user', '--group', '--supp-group', '--shell']),
  chpst: prefix([
    '-u',
    '-U',
    '-b',
    '-e',
    '-/',
    '-n',
    '-l',
    '-L',
    '-m',
    '-d',
    '-o',
    '-p',
    '-f',
    '-c',
    '-r',
    '-t',
  ]),
  stdbuf: prefix(['-i', '-o', '-e', '--input', '--output', '--error']),
  timeout: prefix(['-s', '-k', '--signal', '--kill-after'], { positionals: 1 }),
  chrt: prefix([], { positionals: 1 }),
  taskset: prefix([], { positionals: 1 }),
  flock: prefix(['-w', '-E', '--timeout', '--conflict-exit-code'], { positionals: 1 }),
  nohup: prefix([]),
  time: prefix(['-f', '-o', '--format', '--output']),
  command: prefix([]),
  exec: prefix(['-a']),
  'systemd-inhibit': prefix(['--what', '--who', '--why', '--mode']),
  'systemd-cat': prefix(['-t', '-p', '--identifier', '--priority', '--level-prefix']),
  unbuffer: prefix([]),
  caffeinate: prefix(['-t', '-w']),
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'ash'])

const TOOL_NAME = /^(resticprofile|restic|borgmatic|borg)(?:[-_.]?v?\d[\w.-]*)?(?:\.exe)?$/

function toolOf(command: string): Tool | null {
  const m = TOOL_NAME.exec(basename(command).toLowerCase())
  return m ? (m[1] as Tool) : null
}

const KINDS: Record<string, Record<string, RunKind>> = {
  restic: { backup: 'backup', check: 'check', forget: 'prune', prune: 'prune' },
  borg: { create: 'backup', check: 'check', prune: 'prune', compact: 'prune' },
  resticprofile: { backup: 'backup', check: 'check', forget: 'prune', prune: 'prune' },
}

// borgmatic runs several actions in one go; with none it runs prune, compact, create and check.
const BORGMATIC_ACTIONS = new Set([
  'create',
  'prune',
  'compact',
  'check',
  'rcreate',
  'init',
  'transfer',
  'extract',
  'export-tar',
  'mount',
  'umount',
  'restore',
  'rlist',
  'list',
  'rinfo',
  'info',
  'break-lock',
  'borg',
  'config',
  'bootstrap',
  'generate',
  'validate',
])

function borgmaticKind(args: string[]): RunKind | null {
  const actions = args.filter((a) => BORGMATIC_ACTIONS.has(a))
  if (actions.length === 0) return 'backup'
  if (actions.includes('create')) return 'backup'
  if (actions.includes('check')) return 'check'
  if (actions.every((a) => a === 'prune' || a === 'compact')) return 'prune'
  return null
}

function kindOf(tool: Tool, args: string[]): RunKind | null {
  if (tool === 'borgmatic') return borgmaticKind(args)
  const table = KINDS[tool]
  if (!table) return null
  // the first argument naming a subcommand (global options and their values come before it)
  for (const a of args) {
    if (a.startsWith('-')) continue
    const kind = table[a]
    if (kind) return kind
  }
  return null
}

/** Skips one prefix command's own options; returns the index of the command it runs. */
function skipPrefixArgs(p: Prefix, argv: string[], i: number): number {
  let positionals = p.positionals ?? 0
  while (i < argv.length) {
    const a = argv[i]!
    if (a === '--') return i + 1
    if (p.assignments && /^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) {
      i++
      continue
    }
    if (a.startsWith('-') && a.length > 1) {
      i += p.withValue.has(a) ? 2 : 1
      continue
    }
    if (positionals > 0) {
      positionals--
      i++
      continue
    }
    return i
  }
  return i
}

export function detectCommand(argv: readonly string[], depth = 0): CommandHint {
  const none: CommandHint = { tool: null, hint: null, kind: null }
  let i = 0
  while (i < argv.length) {
    const name = basename(argv[i]!)
    const p = PREFIXES[name]
    if (p) {
      i = skipPrefixArgs(p, argv as string[], i + 1)
      continue
    }
    if (SHELLS.has(name) && depth === 0) {
      // sh -c "restic backup …": look at the script's first command
      const c = argv.indexOf('-c', i + 1)
      const script = c === -1 ? undefined : argv[c + 1]
      if (script === undefined) return none
      // the first command of the script that names a tool (`cd /srv && restic backup .`)
      for (const part of script.split(/[;&|\n]+/)) {
        const found = detectCommand(part.trim().split(/\s+/), depth + 1)
        if (found.tool) return found
      }
      return none
    }
    const tool = toolOf(argv[i]!)
    if (!tool) return none
    const hint = (tool === 'resticprofile' ? 'restic' : tool) as OutputHint
    return { tool, hint, kind: kindOf(tool, argv.slice(i + 1) as string[]) }
  }
  return none
}
