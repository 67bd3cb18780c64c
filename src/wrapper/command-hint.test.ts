import { describe, expect, it } from 'vitest'
import { detectCommand } from './command-hint.js'

const d = (cmd: string) => detectCommand(cmd.split(' '))

describe('detectCommand', () => {
  it('names the tool and the kind from the command and its subcommand', () => {
    expect(d('restic backup --json /srv')).toEqual({ tool: 'restic', hint: 'restic', kind: 'backup' })
    expect(d('/usr/bin/restic -r /repo --no-cache check --read-data')).toMatchObject({
      tool: 'restic',
      kind: 'check',
    })
    expect(d('restic forget --keep-daily 7 --prune')).toMatchObject({ kind: 'prune' })
    expect(d('restic snapshots')).toEqual({ tool: 'restic', hint: 'restic', kind: null })
    expect(d('borg create --json /repo::a-{now} /srv')).toEqual({
      tool: 'borg',
      hint: 'borg',
      kind: 'backup',
    })
    expect(d('borg compact /repo')).toMatchObject({ tool: 'borg', kind: 'prune' })
    expect(d('borgmatic -c /etc/borgmatic/config.yaml')).toEqual({
      tool: 'borgmatic',
      hint: 'borgmatic',
      kind: 'backup',
    })
    expect(d('borgmatic create --json')).toMatchObject({ tool: 'borgmatic', kind: 'backup' })
    expect(d('borgmatic prune compact')).toMatchObject({ kind: 'prune' })
    expect(d('borgmatic check --only data')).toMatchObject({ kind: 'check' })
    expect(d('borgmatic list')).toMatchObject({ tool: 'borgmatic', kind: null })
    expect(d('resticprofile nightly.backup')).toMatchObject({ tool: 'resticprofile', hint: 'restic' })
    expect(d('/opt/restic_0.16.4_linux_amd64 backup x')).toMatchObject({ tool: 'restic' })
  })

  it('looks through sudo, nice, ionice, env, setpriv, runuser, timeout, flock…', () => {
    expect(d('sudo -u backup -E restic backup /srv')).toMatchObject({ tool: 'restic', kind: 'backup' })
    expect(d('nice -n 19 ionice -c 3 borg create ::x /srv')).toMatchObject({ tool: 'borg', kind: 'backup' })
    expect(d('nice -10 ionice -c3 borgmatic')).toMatchObject({ tool: 'borgmatic' })
    expect(d('env -i RESTIC_PASSWORD=x PATH=/usr/bin restic backup /')).toMatchObject({ tool: 'restic' })
    expect(d('setpriv --reuid=nobody --regid=nogroup --clear-groups restic backup /x')).toMatchObject({
      tool: 'restic',
      kind: 'backup',
    })
    expect(d('setpriv --reuid nobody --regid nogroup --clear-groups restic backup /x')).toMatchObject({
      tool: 'restic',
    })
    expect(d('runuser -u backup -- borg create ::a /x')).toMatchObject({ tool: 'borg' })
    expect(d('timeout -s INT 4h restic backup /x')).toMatchObject({ tool: 'restic' })
    expect(d('flock -w 60 /run/backup.lock borgmatic create')).toMatchObject({ tool: 'borgmatic' })
    expect(d('systemd-inhibit --why backup nice restic backup /x')).toMatchObject({ tool: 'restic' })
  })

  it('reads the first tool of a sh -c script', () => {
    expect(detectCommand(['sh', '-c', 'cd /srv && restic backup --json .'])).toMatchObject({
      tool: 'restic',
      kind: 'backup',
    })
    expect(detectCommand(['bash', '-c', 'echo hi; exit 3'])).toEqual({ tool: null, hint: null, kind: null })
  })

  it('knows nothing about other commands', () => {
    expect(d('pg_dump mydb')).toEqual({ tool: null, hint: null, kind: null })
    expect(d('borgbackup-wrapper.sh')).toEqual({ tool: null, hint: null, kind: null })
    expect(d('sudo')).toEqual({ tool: null, hint: null, kind: null })
    expect(detectCommand([])).toEqual({ tool: null, hint: null, kind: null })
  })
})
