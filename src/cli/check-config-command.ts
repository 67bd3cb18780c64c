// `backwatch check-config [FILE]`: validate a config file; exit 1 with one line per problem.
import { checkConfigFile } from '../config/check-config.js'

export const CHECK_CONFIG_HELP = `Usage: backwatch check-config [FILE]

Validates a config file (default ./backwatch.yaml) without starting anything.
Prints one line per problem, naming the key path and line, and exits 1 if there is any.
`

export function checkConfigCommand(argv: string[]): number {
  if (argv.includes('-h') || argv.includes('--help')) {
    process.stdout.write(CHECK_CONFIG_HELP)
    return 0
  }
  const files = argv.filter((a) => !a.startsWith('-'))
  if (files.length > 1) {
    process.stderr.write('backwatch check-config: expected at most one FILE\n')
    return 2
  }
  const result = checkConfigFile(files[0] ?? process.env.BACKWATCH_CONFIG, process.env, process.cwd())
  if (result.ok) {
    process.stdout.write(`${result.summary}\n`)
    return 0
  }
  for (const p of result.problems) process.stderr.write(`${p}\n`)
  return 1
}
