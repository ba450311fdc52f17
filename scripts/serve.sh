#!/bin/sh
# Serve Telka for development: the task worker (e-mails, deadlines) in the
# background, the web server in the foreground. Ctrl+C stops both.
PY=$1; HOST=$2; PORT=$3
$PY manage.py db_worker --interval 1 >var/worker.log 2>&1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null; wait $WORKER 2>/dev/null' EXIT INT TERM
echo "==> Task worker started (log: var/worker.log)"
echo "==> Serving on http://$HOST:$PORT/  (Ctrl+C to stop)"
$PY manage.py runserver "$HOST:$PORT"
