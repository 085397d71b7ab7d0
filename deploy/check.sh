#!/usr/bin/env bash
# `make deploy-check`: the production stack on this machine, on loopback, without systemd, checked from
# outside. A private PostgreSQL cluster (build/deploy-check/pg, port DC_PG_PORT), migrate and collectstatic,
# gunicorn as deploy/systemd/trienkhai-web.service starts it (DEBUG off, two workers), the task workers of
# both queues, and nginx running deploy/nginx/trienkhai.conf itself (ports, paths and host name replaced)
# with a self-signed certificate. Then deploy/check_stack.py checks it over HTTPS and HTTP and runs the
# backup → restore drill. Everything started here is stopped on exit (trap). Exit 0 only when every check
# passes. Ports: DC_PG_PORT (5499), DC_APP_PORT (8104), DC_HTTPS_PORT (8443), DC_HTTP_PORT (8480).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
BIN="${BIN:-$ROOT/.venv/bin}"
WORK="$ROOT/build/deploy-check"
PG_PORT="${DC_PG_PORT:-5499}"
APP_PORT="${DC_APP_PORT:-8104}"
HTTPS_PORT="${DC_HTTPS_PORT:-8443}"
HTTP_PORT="${DC_HTTP_PORT:-8480}"
started_at=$(date +%s)

say() { printf '== [%3d s] %s\n' "$(( $(date +%s) - started_at ))" "$*"; }
die() { printf 'deploy-check: %s\n' "$*" >&2; exit 1; }

for tool in nginx openssl curl; do command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || die "missing $tool (apt-get install nginx-light openssl curl)"; done
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$PG_BIN/initdb" ] || die "missing PostgreSQL server binaries (apt-get install postgresql)"
[ -x "$BIN/gunicorn" ] || die "missing $BIN/gunicorn (make the virtualenv first, or set BIN)"

# As root, PostgreSQL runs as the postgres user (it refuses root); otherwise as whoever runs the check.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pids=()
cleanup() {
  local code=$?
  set +e
  [ -s "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  [ -f "$WORK/pg/PG_VERSION" ] && as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate -w stop >/dev/null 2>&1
  if [ "$code" -ne 0 ]; then
    echo "deploy-check: logs in $WORK/*.log" >&2
    for log in "$WORK"/*.log "$WORK"/pglog/*.log; do [ -s "$log" ] && { echo "--- $log (tail)" >&2; tail -n 15 "$log" >&2; }; done
  fi
  echo "deploy-check: $(( $(date +%s) - started_at )) s"
  exit "$code"
}
trap cleanup EXIT INT TERM

# A run killed without its trap (SIGKILL) may have left its PostgreSQL and nginx running: stop those first.
if [ -f "$WORK/pg/postmaster.pid" ]; then as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate -w stop >/dev/null 2>&1 || true; fi
if [ -s "$WORK/nginx.pid" ]; then kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true; fi
rm -rf "$WORK"
mkdir -p "$WORK/pg" "$WORK/sock" "$WORK/pglog" "$WORK/media" "$WORK/static" "$WORK/nginx-tmp"

say "PostgreSQL on 127.0.0.1:$PG_PORT"
[ "$(id -u)" -eq 0 ] && chown postgres: "$WORK/pg" "$WORK/sock" "$WORK/pglog"
as_pg "$PG_BIN/initdb" -N -D "$WORK/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1
# Throwaway data: no fsync. Everything else as installed.
as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pglog/postgres.log" -w -t 60 \
  -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $WORK/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
psql() { as_pg "$PG_BIN/psql" -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"; }
psql -c "CREATE ROLE trienkhai LOGIN PASSWORD 'deploy-check'" \
     -c "CREATE DATABASE trienkhai OWNER trienkhai"

say "Environment from deploy/trienkhai.env"
# The template as an administrator fills it in, then this machine's values (later lines win).
{
  grep -v '^#' deploy/trienkhai.env | grep '='
  cat <<ENV
SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
DATABASE_URL=postgres://trienkhai:deploy-check@127.0.0.1:$PG_PORT/trienkhai
ALLOWED_HOSTS=localhost,127.0.0.1
CSRF_TRUSTED_ORIGINS=https://localhost:$HTTPS_PORT
SITE_URL=https://localhost:$HTTPS_PORT
STATIC_ROOT=$WORK/static
MEDIA_ROOT=$WORK/media
BACKUP_DIR=$WORK/backups
EMAIL_HOST=127.0.0.1
LOG_FORMAT=json
LOG_LEVEL=WARNING
ENV
} >"$WORK/env"
set -a
# shellcheck disable=SC1091
. "$WORK/env"
set +a
[ "$DEBUG" = "false" ] || die "DEBUG must be false"

say "migrate; the restore drill's second database; gunicorn and the workers; collectstatic and a small demo"
"$BIN/trienkhai" migrate --noinput -v 0
# The drill restores into a second, migrated, empty database: a copy of this one as migrate left it
# (the same as running migrate there, in a second instead of a minute).
psql -c "CREATE DATABASE trienkhai_restore OWNER trienkhai TEMPLATE trienkhai"
# As after every deployment (docs/deploy.md). The first beat is due a minute from now: /readyz waits for it.
"$BIN/trienkhai" schedule_reminders >/dev/null
"$BIN/trienkhai" schedule_heartbeats >/dev/null

say "gunicorn (as deploy/systemd/trienkhai-web.service), two workers, on 127.0.0.1:$APP_PORT"
# The unit's own ExecStart, with this checkout's virtualenv, port and two workers.
exec_start="$(sed -n '/^ExecStart=/,/[^\\]$/p' deploy/systemd/trienkhai-web.service | sed 's/\\$//' | tr -s ' \n' ' ' | sed 's/^ExecStart=//')"
exec_start="${exec_start//\/srv\/trienkhai\/.venv\/bin\//$BIN/}"
exec_start="${exec_start//127.0.0.1:8000/127.0.0.1:$APP_PORT}"
exec_start="${exec_start//--workers 4/--workers 2}"
case "$exec_start" in *"$BIN/gunicorn"*"127.0.0.1:$APP_PORT"*"--workers 2"*) ;; *) die "unexpected ExecStart in trienkhai-web.service: $exec_start";; esac
# shellcheck disable=SC2086  # the unit's words, split as systemd splits them
$exec_start >"$WORK/gunicorn.log" 2>&1 &
pids+=($!)

say "task workers (deploy/systemd/trienkhai-worker@.service): default and slow"
for queue in default slow; do
  "$BIN/trienkhai" db_worker --queue-name "$queue" >"$WORK/worker-$queue.log" 2>&1 &
  pids+=($!)
done

say "collectstatic and a small demo world (while the processes start)"
"$BIN/trienkhai" collectstatic --noinput -v 0
# The demo's units, users, a plan document and activity photos: rows and stored files for the drill,
# without the whole year of reports (which alone takes minutes to back up and restore).
"$BIN/trienkhai" demo --only orgs,documents,plans,concerns,legalaid,agreements,activities >"$WORK/demo.log"
say "nginx (deploy/nginx/trienkhai.conf) with a self-signed certificate on $HTTPS_PORT and $HTTP_PORT"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$WORK/tls.key" -out "$WORK/tls.crt" >/dev/null 2>&1
site="$WORK/site.conf"
# Each replacement must apply exactly as many times as written: a changed template fails here, loudly.
replace() {  # replace COUNT FROM TO
  local found
  found="$(grep -cF -- "$2" "$site" || true)"
  [ "$found" = "$1" ] || die "deploy/nginx/trienkhai.conf: expected $1 line(s) with '$2', found $found"
  FROM="$2" TO="$3" python3 -c 'import os, sys; p = sys.argv[1]; s = open(p).read(); open(p, "w").write(s.replace(os.environ["FROM"], os.environ["TO"]))' "$site"
}
cp deploy/nginx/trienkhai.conf "$site"
replace 1 "listen 80;" "listen 127.0.0.1:$HTTP_PORT;"
replace 1 "listen [::]:80;" ""
replace 1 "listen 443 ssl http2;" "listen 127.0.0.1:$HTTPS_PORT ssl http2;"
replace 1 "listen [::]:443 ssl http2;" ""
replace 1 'return 301 https://$host$request_uri;' "return 301 https://\$host:$HTTPS_PORT\$request_uri;"
replace 1 "server 127.0.0.1:8000;" "server 127.0.0.1:$APP_PORT;"
replace 1 "/etc/letsencrypt/live/trienkhai.example.vn/fullchain.pem" "$WORK/tls.crt"
replace 1 "/etc/letsencrypt/live/trienkhai.example.vn/privkey.pem" "$WORK/tls.key"
replace 1 "/srv/trienkhai/staticfiles/" "$WORK/static/"
replace 2 "server_name trienkhai.example.vn;" "server_name localhost 127.0.0.1;"
replace 1 "/var/www/letsencrypt" "$WORK/acme"
nginx_user=""
[ "$(id -u)" -eq 0 ] && nginx_user="user root;"  # the workers read the static files of this checkout
cat >"$WORK/nginx.conf" <<NGINX
$nginx_user
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log $WORK/nginx-access.log;
    client_body_temp_path $WORK/nginx-tmp/body;
    proxy_temp_path $WORK/nginx-tmp/proxy;
    fastcgi_temp_path $WORK/nginx-tmp/fastcgi;
    uwsgi_temp_path $WORK/nginx-tmp/uwsgi;
    scgi_temp_path $WORK/nginx-tmp/scgi;
    include $site;
}
NGINX
"$NGINX" -t -q -p "$WORK/" -c "$WORK/nginx.conf" 2>"$WORK/nginx-t.log" || { cat "$WORK/nginx-t.log" >&2; die "nginx -t failed"; }
"$NGINX" -p "$WORK/" -c "$WORK/nginx.conf"
for _ in $(seq 1 50); do [ -s "$WORK/nginx.pid" ] && break; sleep 0.1; done

say "checks from outside"
"$BIN/python" deploy/check_stack.py --work "$WORK" --bin "$BIN" --https-port "$HTTPS_PORT" --http-port "$HTTP_PORT" \
  --app-port "$APP_PORT" --pg "postgres://trienkhai:deploy-check@127.0.0.1:$PG_PORT" --cafile "$WORK/tls.crt"
