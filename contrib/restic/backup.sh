#!/bin/sh
# restic under cron or a systemd timer, reported by the wrapper: backwatch records the start,
# the exit code, the duration, the output's tail and restic's --json summary (sizes, files).
# /etc/backwatch/client.env: BACKWATCH_URL=http://backwatch:8080 BACKWATCH_TOKEN=<ingest token>
#                            RESTIC_REPOSITORY=… RESTIC_PASSWORD_FILE=…
set -eu
. /etc/backwatch/client.env
export BACKWATCH_URL BACKWATCH_TOKEN RESTIC_REPOSITORY RESTIC_PASSWORD_FILE
host=$(hostname -s)

backwatch run --job "$host-restic" --server "$host" -- \
  restic backup --json --exclude-caches /etc /home
# retention: a run of kind prune (a failure opens job.failed, the next good backup resolves it)
backwatch run --job "$host-restic" --server "$host" --kind prune -- \
  restic forget --prune --keep-daily 7 --keep-weekly 4 --keep-monthly 6
# consistency: a run of kind check counts towards the policy's check_max_age
backwatch run --job "$host-restic" --server "$host" --kind check -- \
  restic check --read-data-subset 5%
