// The command line of `backwatch jobs`: its actions and flags (the parser's options and the help).
import { TOOLS } from '../domain/types.js'
import { CLIENT_FLAGS, type CommandSpec } from './cli-flags.js'

export const JOBS: CommandSpec = {
  command: 'jobs',
  usage: [
    'jobs list [--json]',
    'jobs show SLUG [--json]',
    'jobs add SLUG [--every 1d | --cron "0 2 * * *" [--tz ZONE]] [--grace 1h] [--server NAME] …',
    'jobs edit SLUG [--schedule 1d|"0 2 * * *"] [--every D] [--cron EXPR] [--tz ZONE] [--grace D] …',
    'jobs delete SLUG [--yes]',
    'jobs pause|resume SLUG',
  ],
  about: `list    every job: status, schedule, last success, next due, ping URL (a read token: its key)
show    one job: every setting, its effective max age, last run, times in its zone
add     creates a job (prints its ping URL)
edit    changes the settings given (PATCH /api/v1/jobs/SLUG); the others stay
delete  deletes the job and its runs; asks first on a terminal, needs --yes elsewhere`,
  flags: [
    { name: 'name', arg: 'NAME', help: 'add, edit: the display name' },
    { name: 'slug', arg: 'SLUG', help: 'edit: rename the job (its slug ping URLs change)' },
    { name: 'schedule', arg: 'S', help: 'edit: a duration (every S) or a cron expression' },
    { name: 'every', arg: 'D', help: 'add, edit: expected every D (90s, 15m, 1h, 1d, 2w)' },
    { name: 'cron', arg: 'EXPR', help: 'add, edit: expected at these cron instants' },
    { name: 'tz', arg: 'ZONE', help: "add, edit: the cron schedule's time zone (default UTC)" },
    { name: 'grace', arg: 'D', help: 'add, edit: how late a run may be before the job is down' },
    { name: 'max-duration', arg: 'D', help: 'add, edit: longest run before it counts as hung ("none")' },
    { name: 'max-age', arg: 'D', help: 'edit: stale without a success for D ("none"; "inherit")' },
    { name: 'server', arg: 'NAME', help: 'add, edit: the server (created when unknown)' },
    { name: 'environment', arg: 'ENV', help: 'add, edit: the environment (its policy applies)' },
    { name: 'tool', arg: 'TOOL', help: `add, edit: ${TOOLS.join(', ')}` },
    { name: 'tag', arg: 'TAG', multiple: true, help: 'add, edit: a tag (repeat; edit replaces the tags)' },
    { name: 'yes', short: 'y', help: 'delete: do not ask' },
    ...CLIENT_FLAGS,
  ],
}
