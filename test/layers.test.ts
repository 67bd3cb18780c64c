// The layer rules (.dependency-cruiser.cjs) hold for src/, and they do catch a back-edge: the
// same check run on a small tree with one planted fails and names the rule.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from './support/child.js'

const CONFIG = join(ROOT, '.dependency-cruiser.cjs')
const DEPCRUISE = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs')

function cruise(cwd: string) {
  return spawnSync(process.execPath, [DEPCRUISE, 'src', '--config', CONFIG], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
  })
}

/** A throwaway tree of `files` (path → source) with a tsconfig like the project's. */
function tree(files: Record<string, string>): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'backwatch-layers-'))
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
  )
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

describe('layer rules', () => {
  it('src/ keeps them', () => {
    const r = cruise(ROOT)
    expect(r.stdout + r.stderr).toContain('no dependency violations found')
    expect(r.status).toBe(0)
  })

  it.each([
    [
      'domain-is-pure',
      'src/domain/rule.ts',
      "import { send } from '../notify/send.js'\nexport const x = send\n",
    ],
    [
      'store-below-everything',
      'src/store/q.ts',
      "import { send } from '../notify/send.js'\nexport const x = send\n",
    ],
    [
      'domain-no-io',
      'src/domain/rule.ts',
      "import { readFileSync } from 'node:fs'\nexport const x = readFileSync\n",
    ],
    [
      'config-below-notify-and-store',
      'src/config/spec.ts',
      "import { send } from '../notify/send.js'\nexport const x = send\n",
    ],
    [
      'api-and-cli-are-adapters',
      'src/notify/view.ts',
      "import { send } from '../api/send.js'\nexport const x = send\n",
    ],
  ])('a planted back-edge fails the check (%s)', (rule, path, source) => {
    const t = tree({
      'src/notify/send.ts': 'export const send = 1\n',
      'src/api/send.ts': 'export const send = 1\n',
      [path]: source,
    })
    try {
      const r = cruise(t.dir)
      expect(r.status).not.toBe(0)
      expect(r.stdout + r.stderr).toContain(rule)
    } finally {
      t.cleanup()
    }
  })
})
