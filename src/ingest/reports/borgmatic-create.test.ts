import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { mentionsLock } from '../../domain/run-outcome.js'
import { BORGMATIC_NO_JSON, parseBorgmaticCreate } from './borgmatic-create.js'
import { ERROR_TEXT_LIMIT } from './report-text.js'

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../test/fixtures/tool-output/${name}`, import.meta.url), 'utf8')

describe('parseBorgmaticCreate', () => {
  it('borgmatic-create.json: one run for two repositories, numbers of the largest', () => {
    const run = parseBorgmaticCreate(fixture('borgmatic-create.json'))
    expect(run).toMatchObject({
      kind: 'backup',
      status: 'succeeded',
      sizeBytes: 8610661,
      addedBytes: 243703,
      filesTotal: 25,
      durationMs: 40,
      startedAt: null,
      finishedAt: null,
      exitCode: null,
      error: null,
    })
    expect(run.details).toEqual({
      repository: '/srv/lab/borgmatic/repo1',
      archive: 'vm-2026-11-22T05:32:04.656200',
      repositories: [
        {
          repository: '/srv/lab/borgmatic/repo1',
          archive: 'vm-2026-11-22T05:32:04.656200',
          original_size: 8610661,
          compressed_size: 243703,
          deduplicated_size: 243703,
          nfiles: 25,
          duration: 0.040277,
        },
        {
          repository: '/srv/lab/borgmatic/repo2',
          archive: 'vm-2026-11-22T05:32:04.953561',
          original_size: 8610661,
          compressed_size: 243704,
          deduplicated_size: 243704,
          nfiles: 25,
          duration: 0.039347,
        },
      ],
    })
  })

  it('converts naive borg times with the host offset', () => {
    const run = parseBorgmaticCreate(fixture('borgmatic-create.json'), { utcOffsetMinutes: 60 })
    expect(run.startedAt).toBe(Date.UTC(2026, 10, 22, 4, 32, 4))
    expect(run.finishedAt).toBe(Date.UTC(2026, 10, 22, 4, 32, 4))
  })

  it('takes the repository with the largest original_size', () => {
    const results = JSON.parse(fixture('borgmatic-create.json')) as {
      archive: { stats: Record<string, number> }
    }[]
    results[1]!.archive.stats.original_size = 9_000_000
    results[1]!.archive.stats.deduplicated_size = 4096
    const run = parseBorgmaticCreate(JSON.stringify(results))
    expect(run).toMatchObject({ sizeBytes: 9_000_000, addedBytes: 4096, durationMs: 39 })
    expect(run.details.repository).toBe('/srv/lab/borgmatic/repo2')
  })

  it('borgmatic-create-lock-error: no JSON, the lock message kept', () => {
    const run = parseBorgmaticCreate(fixture('borgmatic-create-lock-error.stdout'), {
      stderr: fixture('borgmatic-create-lock-error.stderr'),
    })
    expect(run).toMatchObject({ status: 'failed', sizeBytes: null, details: {} })
    expect(run.error!.startsWith(`${BORGMATIC_NO_JSON}\nFailed to create/acquire the lock`)).toBe(true)
    expect(mentionsLock(run.error)).toBe(true)
    expect(run.error).not.toContain('Need some help?')
  })

  it('borgmatic-create-warning: no JSON, borg JSON in stderr shortened', () => {
    const run = parseBorgmaticCreate(fixture('borgmatic-create-warning.stdout'), {
      stderr: fixture('borgmatic-create-warning.stderr'),
    })
    expect(run.status).toBe('failed')
    expect(run.error!.startsWith(BORGMATIC_NO_JSON)).toBe(true)
    expect(run.error).toContain("/srv/lab/missing-dir: [Errno 2] No such file or directory: 'missing-dir'")
    expect(run.error).toContain("b'{…borg JSON…}'")
    expect(run.error).not.toContain('"archive"')
    expect(run.error!.length).toBeLessThanOrEqual(ERROR_TEXT_LIMIT)
    expect(mentionsLock(run.error)).toBe(false)
  })

  it.each<[string, string, RegExp]>([
    ['empty stdout', '', /^borgmatic printed no JSON \(it prints none when any repository fails\)$/],
    ['an object', fixture('borg-create.json'), /^could not parse borgmatic output: expected a JSON array/],
    ['an empty array', '[]', /^borgmatic printed an empty JSON array/],
    ['borgmatic list --json', fixture('borgmatic-list.json'), /holds no borg create results$/],
    [
      'truncated',
      fixture('borgmatic-create.json').slice(0, 500),
      /^could not parse borgmatic output: invalid JSON/,
    ],
    ['random bytes', randomBytes(4096).toString('latin1'), /^could not parse borgmatic output: invalid JSON/],
  ])('%s → failed', (_name, stdout, error) => {
    const run = parseBorgmaticCreate(stdout)
    expect(run.status).toBe('failed')
    expect(run.error).toMatch(error)
  })
})
