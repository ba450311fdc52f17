#!/bin/sh
# Serve Telka on this machine: the task worker (e-mails) and the scheduler
# (deadlines: calls opening and closing, clarifications, consultations) in the
# background, the web server in the foreground. Ctrl+C stops all three.
# E-mails (console backend) are printed here, in this terminal, by the worker.
PY=$1; HOST=$2; PORT=$3
# Plain http on this machine: cookies must not require https even with DEBUG off.
export SESSION_COOKIE_SECURE="${SESSION_COOKIE_SECURE:-false}"
export CSRF_COOKIE_SECURE="${CSRF_COOKIE_SECURE:-false}"
export SITE_URL="${SITE_URL:-http://$HOST:$PORT}"
$PY manage.py db_worker --interval 1 2>var/worker.log &
WORKER=$!
$PY manage.py tick --every 60 >var/tick.log 2>&1 &
TICK=$!
trap 'kill $WORKER $TICK 2>/dev/null; wait $WORKER $TICK 2>/dev/null' EXIT INT TERM
echo "==> Task worker and scheduler started (logs: var/worker.log, var/tick.log)"
echo "==> E-mails are printed below as they are sent"
echo "==> Serving on http://$HOST:$PORT/  (log in: $SITE_URL/accounts/login/; Ctrl+C to stop)"
if [ -n "$TELKA_NETWORK_HOST" ]; then
  echo "==> Each LAG on its own address: http://aleksotas.localhost:$PORT/ (also http://$HOST:$PORT/),"
  echo "    http://pamarys.localhost:$PORT/; the network: http://$TELKA_NETWORK_HOST:$PORT/"
fi
$PY manage.py runserver "$HOST:$PORT"
