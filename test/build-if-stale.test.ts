// `npm start` rebuilds only when the sources are newer than the build (scripts/build-if-stale.mjs),
// on a throwaway project whose "build" script just counts its runs and stamps.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from './support/app.js'
import { ROOT } from './support/child.js'

const SCRIPT = join(ROOT, 'scripts', 'build-if-stale.mjs')

describe('scripts/build-if-stale.mjs (npm start)', () => {
  const tmp = tempDir('backwatch-stale-')
  const root = tmp.dir
  afterAll(() => tmp.cleanup())
  const builds = () => readFileSync(join(root, 'builds.txt'), 'utf8').length
  const start = () => spawnSync(process.execPath, [SCRIPT, root], { encoding: 'utf8' })
  const at = (path: string, seconds: number) => utimesSync(join(root, path), seconds, seconds)

  mkdirSync(join(root, 'src'))
  writeFileSync(join(root, 'src', 'main.ts'), 'export {}\n')
  writeFileSync(join(root, 'builds.txt'), '')
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({
      name: 'stale-fixture',
      private: true,
      scripts: { build: `echo x >> builds.txt && node ${SCRIPT} --stamp .` },
    }),
  )

  it('builds when there is no build yet', () => {
    const result = start()
    expect(result.status, result.stderr).toBe(0)
    expect(builds()).toBe(2)
  })

  it('does not build again while the build is newer than every source', () => {
    at('src/main.ts', 1_000_000)
    at('package.json', 1_000_000)
    const result = start()
    expect(result.status).toBe(0)
    expect(result.stderr).toContain('dist/ is current')
    expect(builds()).toBe(2)
  })

  it('builds when a source changed after the build', () => {
    at('dist/.build-stamp', 1_000_000)
    at('src/main.ts', 2_000_000)
    expect(start().status).toBe(0)
    expect(builds()).toBe(4)
  })

  it('--check only tells: exit 1 when stale, 0 when current, and builds nothing', () => {
    const check = () => spawnSync(process.execPath, [SCRIPT, '--check', root], { encoding: 'utf8' })
    at('dist/.build-stamp', 3_000_000)
    at('src/main.ts', 3_500_000)
    expect(check().status).toBe(1)
    expect(builds()).toBe(4)
    at('dist/.build-stamp', 4_000_000)
    expect(check().status).toBe(0)
  })

  it('never builds an installed package (no src/)', () => {
    rmSync(join(root, 'src'), { recursive: true })
    rmSync(join(root, 'dist'), { recursive: true })
    const result = start()
    expect(result.status).toBe(0)
    expect(builds()).toBe(4)
  })
})
