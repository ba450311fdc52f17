#!/bin/sh
# Serve Telka for development: the task worker (e-mails) and the scheduler
# (deadlines: calls opening and closing, clarifications, consultations) in the
# background, the web server in the foreground. Ctrl+C stops all three.
PY=$1; HOST=$2; PORT=$3
$PY manage.py db_worker --interval 1 >var/worker.log 2>&1 &
WORKER=$!
$PY manage.py tick --every 60 >var/tick.log 2>&1 &
TICK=$!
trap 'kill $WORKER $TICK 2>/dev/null; wait $WORKER $TICK 2>/dev/null' EXIT INT TERM
echo "==> Task worker and scheduler started (logs: var/worker.log, var/tick.log)"
echo "==> Serving on http://$HOST:$PORT/  (Ctrl+C to stop)"
$PY manage.py runserver "$HOST:$PORT"
