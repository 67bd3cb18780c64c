// Whether dist/ is older than what it is built from: dist/.build-stamp (written by `npm run build`
// with --stamp) against the newest of src/, scripts/, the tsconfigs and package.json. `npm start`
// runs it to build only when needed; tests of the built CLI run it with --check (exit 1: stale).
// An installed package (no src/) is always current. Usage: build-if-stale.mjs [--stamp|--check] [ROOT]
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const args = process.argv.slice(2)
const mode = args.find((a) => a === '--stamp' || a === '--check')
const root = resolve(args.find((a) => !a.startsWith('--')) ?? fileURLToPath(new URL('..', import.meta.url)))
const stamp = join(root, 'dist', '.build-stamp')

function newest(path) {
  if (!existsSync(path)) return 0
  const st = statSync(path)
  if (!st.isDirectory()) return st.mtimeMs
  let max = 0
  for (const entry of readdirSync(path)) max = Math.max(max, newest(join(path, entry)))
  return max
}

if (mode === '--stamp') {
  mkdirSync(join(root, 'dist'), { recursive: true })
  writeFileSync(stamp, `${new Date().toISOString()}\n`)
  process.exit(0)
}
if (!existsSync(join(root, 'src'))) process.exit(0)
const inputs = ['src', 'scripts', 'tsconfig.json', 'tsconfig.build.json', 'package.json']
const source = Math.max(...inputs.map((p) => newest(join(root, p))))
const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0
if (built >= source) {
  process.stderr.write('dist/ is current: not rebuilding\n')
  process.exit(0)
}
process.stderr.write('dist/ is older than the sources: npm run build\n')
if (mode === '--check') process.exit(1)
const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' })
process.exit(result.status ?? 1)
