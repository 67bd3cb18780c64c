import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { mentionsLock } from '../../domain/run-outcome.js'
import { ReportParseError } from './report-parse-error.js'
import { parseResticprofileStatus, resticprofileKind } from './resticprofile-status.js'
import { TooManyEntries } from './too-many-entries.js'

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../test/fixtures/tool-output/${name}`, import.meta.url), 'utf8')

const status = (profiles: unknown): string => JSON.stringify({ profiles })
const ok = { success: true, time: '2026-11-22T01:00:00Z', error: '', stderr: '', duration: 60 }

describe('parseResticprofileStatus over resticprofile-status.json (synthetic)', () => {
  const entries = parseResticprofileStatus(fixture('resticprofile-status.json'))
  const entry = (profile: string, command: string) => {
    const found = entries.find((e) => e.profile === profile && e.command === command)
    if (!found) throw new Error(`no entry ${profile}/${command}`)
    return found.run
  }

  it('has one entry per profile and command', () => {
    expect(entries.map((e) => `${e.profile}/${e.command}`)).toEqual([
      'home/backup',
      'home/retention',
      'home/check',
      'laptop/backup',
      'server/backup',
    ])
  })

  it('home/backup: extended status numbers, time = end, duration back to the start', () => {
    const finishedAt = Date.UTC(2026, 10, 22, 2, 0, 17, 482)
    expect(entry('home', 'backup')).toEqual({
      kind: 'backup',
      status: 'succeeded',
      finishedAt,
      startedAt: finishedAt - 17_000,
      durationMs: 17_000,
      exitCode: null,
      filesNew: 12,
      filesChanged: 3,
      filesTotal: 20495,
      sizeBytes: 5368709120,
      addedBytes: 73400320,
      error: null,
      details: {
        profile: 'home',
        command: 'backup',
        snapshot_id: '3f0b1c2d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9',
        files_unmodified: 20480,
        dirs_new: 1,
        dirs_changed: 4,
        bytes_added: 73400320,
      },
    })
  })

  it('home/retention: a prune run', () => {
    expect(entry('home', 'retention')).toMatchObject({ kind: 'prune', status: 'succeeded', durationMs: 4000 })
  })

  it('home/check: failed on a lock, exit status 1', () => {
    const run = entry('home', 'check')
    expect(run).toMatchObject({
      kind: 'check',
      status: 'failed',
      exitCode: 1,
      durationMs: 1000,
      sizeBytes: null,
    })
    expect(run.error).toMatch(/^exit status 1\nunable to create lock in backend: /)
    expect(mentionsLock(run.error)).toBe(true)
  })

  it("laptop/backup: restic's exit 3 (success:false) is a warning with the numbers", () => {
    const run = entry('laptop', 'backup')
    expect(run).toMatchObject({
      kind: 'backup',
      status: 'warning',
      exitCode: 3,
      filesNew: 40,
      filesChanged: 7,
      filesTotal: 90257,
      sizeBytes: 21474836480,
      addedBytes: 1048576,
      durationMs: 95_000,
    })
    expect(run.error).toMatch(/^exit status 3\n/)
    expect(run.error).toMatch(/Warning: at least one source file could not be read$/)
    expect(run.details.resticprofile_error).toBe('exit status 3')
  })

  it('server/backup: without extended status the zero counters are unknown', () => {
    const run = entry('server', 'backup')
    expect(run).toMatchObject({
      status: 'succeeded',
      filesNew: null,
      filesChanged: null,
      filesTotal: null,
      sizeBytes: null,
      addedBytes: null,
      finishedAt: Date.UTC(2026, 10, 22, 1, 15, 3, 500),
      startedAt: Date.UTC(2026, 10, 22, 1, 15, 0, 500),
    })
    expect(run.details).toEqual({ profile: 'server', command: 'backup', extended_status: false })
  })
})

describe('parseResticprofileStatus entries', () => {
  it('no-error-on-warning: success with restic warning on stderr is a warning', () => {
    const [entry] = parseResticprofileStatus(
      status({ p: { backup: { ...ok, stderr: 'Warning: at least one source file could not be read\n' } } }),
    )
    expect(entry!.run).toMatchObject({ status: 'warning', exitCode: null })
    expect(entry!.run.error).toBe('Warning: at least one source file could not be read')
  })

  it('prefers bytes_added_packed when a newer version writes it', () => {
    const [entry] = parseResticprofileStatus(
      status({
        p: {
          backup: { ...ok, bytes_added: 1000, bytes_added_packed: 400, bytes_total: 5000, files_total: 3 },
        },
      }),
    )
    expect(entry!.run).toMatchObject({ addedBytes: 400, sizeBytes: 5000, filesTotal: 3 })
    expect(entry!.run.details).toMatchObject({ bytes_added: 1000, bytes_added_packed: 400 })
  })

  it('an error that is not an exit status has no exit code', () => {
    const [entry] = parseResticprofileStatus(
      status({ p: { backup: { ...ok, success: false, error: 'signal: killed' } } }),
    )
    expect(entry!.run).toMatchObject({ status: 'failed', exitCode: null, error: 'signal: killed' })
  })

  it('exit status 3 of a command other than backup is a failure', () => {
    const [entry] = parseResticprofileStatus(
      status({ p: { check: { ...ok, success: false, error: 'exit status 3' } } }),
    )
    expect(entry!.run).toMatchObject({ kind: 'check', status: 'failed', exitCode: 3 })
  })

  it('ignores counters above 2^53', () => {
    const text = status({ p: { backup: { ...ok, files_total: 12 } } }).replace(
      '"files_total":12',
      '"files_total":12,"bytes_total":18446744073709551615',
    )
    const [entry] = parseResticprofileStatus(text)
    expect(entry!.run).toMatchObject({ filesTotal: 12, sizeBytes: null })
  })

  it('skips malformed entries and keeps the rest', () => {
    const entries = parseResticprofileStatus(
      status({
        good: { backup: ok, check: 'yes', retention: { success: 'true', time: ok.time } },
        notime: { backup: { success: true } },
        zerotime: { backup: { ...ok, time: '0001-01-01T00:00:00Z' } },
        naive: { backup: { ...ok, time: '2026-11-22T01:00:00' } },
        list: [ok],
        '': { backup: ok },
      }),
    )
    expect(entries.map((e) => `${e.profile}/${e.command}`)).toEqual(['good/backup'])
  })

  it('a missing duration leaves the start unknown', () => {
    const { duration: _d, ...noDuration } = ok
    const [entry] = parseResticprofileStatus(status({ p: { check: noDuration } }))
    expect(entry!.run).toMatchObject({
      finishedAt: Date.UTC(2026, 10, 22, 1),
      startedAt: null,
      durationMs: null,
    })
  })
})

describe('parseResticprofileStatus refuses what is not a status file', () => {
  it.each<[string, string, RegExp]>([
    ['not JSON', 'profiles: home', /^The resticprofile status file is not valid JSON \(.*\)\.$/],
    ['truncated', fixture('resticprofile-status.json').slice(0, 100), /is not valid JSON/],
    ['an array', '[]', /must be a JSON object with a "profiles" object\.$/],
    ['a string', '"profiles"', /must be a JSON object/],
    ['no profiles', '{"version":1}', /has no "profiles" object\.$/],
    ['profiles is an array', '{"profiles":[]}', /has no "profiles" object/],
    ['no profile', '{"profiles":{}}', /has no readable command status/],
    [
      'only malformed entries',
      status({ a: { backup: { success: 'yes' } } }),
      /has no readable command status/,
    ],
    ['restic output', fixture('restic-backup.jsonl'), /is not valid JSON/],
  ])('%s', (_name, text, message) => {
    let thrown: unknown
    try {
      parseResticprofileStatus(text)
    } catch (e) {
      thrown = e
    }
    expect(thrown).toBeInstanceOf(ReportParseError)
    expect((thrown as Error).message).toMatch(message)
  })
})

describe('parseResticprofileStatus limits', () => {
  /** `n` profiles, each with the given commands */
  const file = (n: number, commands: string[]) =>
    status(
      Object.fromEntries(
        Array.from({ length: n }, (_, i) => [`p${i}`, Object.fromEntries(commands.map((c) => [c, ok]))]),
      ),
    )
  const over = (text: string, limits: { profiles: number; entries: number }) => {
    try {
      parseResticprofileStatus(text, limits)
    } catch (e) {
      if (e instanceof TooManyEntries) return e.over
      throw e
    }
    return null
  }

  it('counts profiles, and entries of any command, before reading one', () => {
    expect(over(file(3, ['backup']), { profiles: 2, entries: 100 })).toEqual({
      limit: 'profilesPerFile',
      what: 'profiles',
      source: 'the resticprofile status file',
      count: 3,
      max: 2,
    })
    // unreadable entries count too: the limit is on what the file carries
    const junk = status({ a: { backup: ok, x: 1, y: 2 }, b: { check: ok } })
    expect(over(junk, { profiles: 2, entries: 3 })).toMatchObject({
      limit: 'runsPerRequest',
      count: 4,
      max: 3,
    })
  })

  it('a file at its limits is read whole', () => {
    expect(over(file(2, ['backup', 'check']), { profiles: 2, entries: 4 })).toBeNull()
    expect(parseResticprofileStatus(file(2, ['backup', 'check']), { profiles: 2, entries: 4 })).toHaveLength(
      4,
    )
  })
})

describe('resticprofileKind', () => {
  it.each([
    ['backup', 'backup'],
    ['check', 'check'],
    ['retention', 'prune'],
    ['forget', 'prune'],
    ['prune', 'prune'],
    ['copy', 'other'],
    ['restore', 'other'],
  ])('%s → %s', (command, kind) => {
    expect(resticprofileKind(command)).toBe(kind)
  })
})
