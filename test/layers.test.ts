// The layer table (.dependency-cruiser.cjs, README Architecture) holds for src/, and the check
// does catch what it forbids: the same cruise over a small tree with one planted back-edge per
// layer (plus a stray file, a cycle and I/O in domain/) fails and names each rule.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from './support/child.js'

const CONFIG = join(ROOT, '.dependency-cruiser.cjs')
const DEPCRUISE = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs')
const LAYERS: Record<string, string[]> = createRequire(import.meta.url)(CONFIG).LAYERS

function cruise(cwd: string) {
  return spawnSync(process.execPath, [DEPCRUISE, 'src', '--config', CONFIG], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
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

function srcFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? srcFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  )
}

/** For each layer, a folder it must not import: the first layer that may import it (a back-edge). */
function backEdges(): [string, string][] {
  const all = Object.keys(LAYERS)
  return all.flatMap((layer): [string, string][] => {
    const above = all.find((other) => other !== layer && !LAYERS[layer]!.includes(other))
    return above ? [[layer, above]] : [] // the CLI may import every layer
  })
}

describe('layer rules', () => {
  it('src/ keeps them: no back-edge, no stray file, no module cycle', () => {
    const r = cruise(ROOT)
    expect(r.stdout + r.stderr).toContain('no dependency violations found')
    expect(r.status).toBe(0)
  })

  it('the table has no folder cycle and names every folder of src/', () => {
    const visit = (layer: string, path: string[]): void => {
      expect(path, `cycle ${[...path, layer].join(' → ')}`).not.toContain(layer)
      for (const below of LAYERS[layer]!) {
        expect(Object.keys(LAYERS), `${layer} names unknown ${below}`).toContain(below)
        visit(below, [...path, layer])
      }
    }
    for (const layer of Object.keys(LAYERS)) visit(layer, [])
    const folders = readdirSync(join(ROOT, 'src'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
    expect(folders.filter((f) => !(f in LAYERS))).toEqual([])
  })

  it('every layer fails the check on a planted back-edge, a stray file, a cycle and I/O in domain/', () => {
    const files: Record<string, string> = {}
    for (const layer of Object.keys(LAYERS)) files[`src/${layer}/target.ts`] = 'export const target = 1\n'
    for (const [layer, forbidden] of backEdges()) {
      files[`src/${layer}/planted.ts`] =
        `import { target } from '../${forbidden}/target.js'\nexport const planted = target\n`
    }
    files['src/stray/file.ts'] = "import { target } from '../domain/target.js'\nexport const stray = target\n"
    files['src/evaluate/a.ts'] = "import { b } from './b.js'\nexport const a = () => b\n"
    files['src/evaluate/b.ts'] = "import { a } from './a.js'\nexport const b = () => a\n"
    files['src/domain/io.ts'] = "import { readFileSync } from 'node:fs'\nexport const io = readFileSync\n"
    const t = tree(files)
    try {
      const r = cruise(t.dir)
      const out = r.stdout + r.stderr
      expect(r.status).not.toBe(0)
      for (const [layer, forbidden] of backEdges()) {
        expect(out).toContain(`layer-${layer}: src/${layer}/planted.ts → src/${forbidden}/target.ts`)
      }
      expect(out).toContain('every-file-in-a-layer: src/stray/file.ts')
      expect(out).toMatch(/no-circular: src\/evaluate\/[ab]\.ts/)
      expect(out).toContain('domain-no-io: src/domain/io.ts')
    } finally {
      t.cleanup()
    }
  }, 120_000)

  it('the API and the dashboard are peers: neither imports the other', () => {
    expect(LAYERS.web).not.toContain('api')
    expect(LAYERS.api).not.toContain('web')
    const t = tree({
      'src/api/target.ts': 'export const target = 1\n',
      'src/web/target.ts': 'export const target = 1\n',
      'src/api/planted.ts': "import { target } from '../web/target.js'\nexport const planted = target\n",
      'src/web/planted.ts': "import { target } from '../api/target.js'\nexport const planted = target\n",
    })
    try {
      const out = cruise(t.dir)
      expect(out.stdout + out.stderr).toContain('layer-api: src/api/planted.ts → src/web/target.ts')
      expect(out.stdout + out.stderr).toContain('layer-web: src/web/planted.ts → src/api/target.ts')
    } finally {
      t.cleanup()
    }
  }, 120_000)

  it('files stay small: none over 400 lines in src/, median at most 120', () => {
    const counts = srcFiles(join(ROOT, 'src')).map((f) => readFileSync(f, 'utf8').split('\n').length - 1)
    counts.sort((a, b) => a - b)
    expect(counts.filter((n) => n > 400)).toEqual([])
    expect(counts[Math.floor(counts.length / 2)]).toBeLessThanOrEqual(120)
  })
})
