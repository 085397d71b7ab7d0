# Sourced by `make run` (POSIX sh): the demo runs as the product runs, with DEBUG off and the app's own
# Vietnamese error pages, and every link it builds (QR codes, e-mails, notifications) points at the address
# it serves on. Each variable set beforehand wins, so a developer can still say DEBUG=true make run.
: "${HOST:=127.0.0.1}"
: "${PORT:=8000}"
site_host="$HOST"
# 0.0.0.0 listens on every interface, but a phone scanning a QR code needs an address it can reach.
if [ "$HOST" = "0.0.0.0" ] || [ "$HOST" = "::" ]; then
  site_host="$(hostname -I 2>/dev/null | awk '{print $1}')"
  [ -n "$site_host" ] || site_host=127.0.0.1
fi
export DEBUG="${DEBUG:-false}"
export SITE_URL="${SITE_URL:-http://$site_host:$PORT}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost,$site_host}"
# With DEBUG off the app refuses to start without a key: make one for this machine, once, in the ignored
# virtualenv folder (never in the repository), so sessions survive a restart of `make run`.
if [ -z "${SECRET_KEY:-}" ]; then
  key_file="${LOCAL_SECRET_KEY_FILE:-.venv/.local-secret-key}"
  if [ ! -s "$key_file" ]; then
    mkdir -p "$(dirname "$key_file")"
    (umask 077 && python3 -c 'import secrets; print(secrets.token_urlsafe(50))' > "$key_file")
  fi
  SECRET_KEY="$(cat "$key_file")"
  export SECRET_KEY
fi
