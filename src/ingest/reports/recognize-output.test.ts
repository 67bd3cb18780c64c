import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { mentionsLock } from '../../domain/run-outcome.js'
import { recognizeToolOutput } from './recognize-output.js'

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../test/fixtures/tool-output/${name}`, import.meta.url), 'utf8')

describe('recognizeToolOutput: structured output', () => {
  it('restic JSON lines on stdout, error lines on stderr', () => {
    const found = recognizeToolOutput(
      fixture('restic-backup-incomplete.jsonl'),
      fixture('restic-backup-incomplete.stderr'),
    )
    expect(found?.tool).toBe('restic')
    expect(found?.run).toMatchObject({ status: 'warning', addedBytes: 710, filesTotal: 1 })
  })

  it('restic wins over a wrong hint', () => {
    expect(recognizeToolOutput(fixture('restic-backup.jsonl'), '', 'borg')?.tool).toBe('restic')
  })

  it('a 5 MB restic tail', () => {
    const status = '{"message_type":"status","percent_done":0.5,"total_files":62,"bytes_done":400105006}\n'
    const stdout =
      status.repeat(Math.ceil((5 * 1024 * 1024) / status.length)) + fixture('restic-backup.jsonl')
    expect(recognizeToolOutput(stdout, '')).toMatchObject({ tool: 'restic', run: { sizeBytes: 800210012 } })
  })

  it('a pretty-printed borg object after other text, with braces after it', () => {
    const stdout = `Starting backup {nightly}\n"quoted {" text\n${fixture('borg-create-big.json')}\nposted {"ok":true}\n`
    const found = recognizeToolOutput(stdout, '', null, { utcOffsetMinutes: -300 })
    expect(found?.tool).toBe('borg')
    expect(found?.run).toMatchObject({
      status: 'succeeded',
      sizeBytes: 808610566,
      addedBytes: 800034524,
      filesTotal: 64,
      startedAt: Date.UTC(2026, 10, 22, 5, 29, 53),
    })
  })

  it('the last of two borg objects', () => {
    const stdout = `${fixture('borg-create.json')}\n${fixture('borg-create-big.json')}`
    expect(recognizeToolOutput(stdout, '')?.run.sizeBytes).toBe(808610566)
  })

  it('a compact borg object on its own line', () => {
    const compact = JSON.stringify(JSON.parse(fixture('borg-create.json')))
    expect(recognizeToolOutput(`log line\n${compact}\n`, '')?.run.sizeBytes).toBe(210554)
  })

  it('borg with its stderr warnings', () => {
    const found = recognizeToolOutput(
      fixture('borg-create-warning-logjson.json'),
      fixture('borg-create-warning-logjson.stderr'),
    )
    expect(found).toMatchObject({ tool: 'borg', run: { status: 'warning', sizeBytes: 534 } })
  })

  it('borgmatic JSON array, after other stdout lines', () => {
    const found = recognizeToolOutput(
      `some hook output\n${fixture('borgmatic-create.json')}`,
      '',
      'borgmatic',
    )
    expect(found?.tool).toBe('borgmatic')
    expect(found?.run).toMatchObject({ status: 'succeeded', sizeBytes: 8610661, filesTotal: 25 })
    expect(found?.run.details.repositories).toHaveLength(2)
  })

  it('a borg object wins over a borgmatic hint', () => {
    expect(recognizeToolOutput(fixture('borg-create.json'), '', 'borgmatic')?.tool).toBe('borg')
  })
})

describe('recognizeToolOutput: only error text', () => {
  it('restic lock error with a hint: restic, the exit code decides, the lock text kept', () => {
    const found = recognizeToolOutput(
      fixture('restic-lock-error-backup.stdout'),
      fixture('restic-lock-error.txt'),
      'restic',
    )
    expect(found?.tool).toBe('restic')
    expect(found?.run.status).toBeNull()
    expect(found?.run.error).toMatch(/^unable to create lock in backend: /)
    expect(mentionsLock(found?.run.error)).toBe(true)
  })

  it('restic lock error without a hint: not recognised', () => {
    expect(recognizeToolOutput('', fixture('restic-lock-error.txt'))).toBeNull()
  })

  it('borg --log-json lock error is recognised without a hint', () => {
    const found = recognizeToolOutput('', fixture('borg-lock-error-showrc-logjson.txt'))
    expect(found?.tool).toBe('borg')
    expect(found?.run).toMatchObject({ status: null, exitCode: 2 })
    expect(found?.run.error).toContain('[LockTimeout]')
    expect(mentionsLock(found?.run.error)).toBe(true)
  })

  it('plain borg lock error with a hint', () => {
    const found = recognizeToolOutput('', fixture('borg-lock-error.txt'), 'borg')
    expect(found).toMatchObject({ tool: 'borg', run: { status: null } })
    expect(mentionsLock(found?.run.error)).toBe(true)
  })

  it('borgmatic lock error with a hint', () => {
    const found = recognizeToolOutput('', fixture('borgmatic-create-lock-error.stderr'), 'borgmatic')
    expect(found).toMatchObject({ tool: 'borgmatic', run: { status: null } })
    expect(mentionsLock(found?.run.error)).toBe(true)
  })

  it('borg prune --log-json with only INFO lines says nothing', () => {
    expect(recognizeToolOutput('', fixture('borg-prune-logjson.jsonl'))).toBeNull()
  })

  it('truncated borg JSON with a hint and a quiet stderr says nothing', () => {
    const text = fixture('borg-create.json')
    expect(recognizeToolOutput(text.slice(0, 400), '', 'borg')).toBeNull()
  })

  it('nothing at all', () => {
    expect(recognizeToolOutput('', '')).toBeNull()
    expect(recognizeToolOutput('', '', 'restic')).toBeNull()
  })

  it.each(['latin1', 'utf8'] as const)('random bytes (%s) without a hint', (encoding) => {
    expect(
      recognizeToolOutput(randomBytes(64 * 1024).toString(encoding), randomBytes(1024).toString(encoding)),
    ).toBeNull()
  })
})
