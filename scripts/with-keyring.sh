#!/bin/sh
# Runs a command inside a private D-Bus session that has an unlocked gnome-keyring, so the
# keychain code can be tested against a real Secret Service (CI: `scripts/with-keyring.sh npm test`).
#
#   scripts/with-keyring.sh npx vitest run test/integration/keychain.test.ts
#
# The command keeps the caller's environment, HOME included. Only the keyring daemon gets a
# private home, so a developer's real keyring is never read or written:
#   KEYRING_HOME      where the keyring's files live (kept afterwards); default: a temp dir,
#                     removed on exit
#   KEYRING_PASSWORD  the password that creates/unlocks that keyring; default: pw
# Exits with the command's exit code; 127 when a needed tool is missing, 70 when the keyring
# cannot be started. Needs (Debian/Ubuntu): apt-get install -y dbus gnome-keyring libsecret-1-dev
set -eu

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARG...]" >&2
  exit 64
fi

for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-keyring: '$tool' not found; install it: apt-get install -y dbus gnome-keyring libsecret-1-dev" >&2
    exit 127
  fi
done

# The private bus daemon outlives dbus-run-session when a signal ends it (and takes HUP as
# "reload"): the inner script writes its pid, and the exit trap stops it.
stop_bus() {
  if [ -f "$keyring_home/bus.pid" ]; then
    kill "$(cat "$keyring_home/bus.pid")" 2>/dev/null || true
    rm -f "$keyring_home/bus.pid"
  fi
}
if [ -n "${KEYRING_HOME:-}" ]; then
  mkdir -p "$KEYRING_HOME"
  keyring_home=$(cd "$KEYRING_HOME" && pwd)
  trap 'stop_bus' EXIT
else
  keyring_home=$(mktemp -d "${TMPDIR:-/tmp}/purge-watch-keyring.XXXXXX")
  # It holds the stored key: removed however the run ends (a closed terminal sends HUP).
  trap 'stop_bus; rm -rf "$keyring_home"' EXIT
fi
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
chmod 700 "$keyring_home"

# Inside the private bus: start and unlock the daemon with the private home, check that it
# owns the Secret Service name, then run the command with the caller's environment.
inner='
set -u
h=$WITH_KEYRING_HOME
mkdir -p "$h/data" "$h/config" "$h/cache" "$h/run"
chmod 700 "$h/run"
if ! printf %s "$WITH_KEYRING_PASSWORD" |
  HOME="$h" XDG_DATA_HOME="$h/data" XDG_CONFIG_HOME="$h/config" XDG_CACHE_HOME="$h/cache" \
  XDG_RUNTIME_DIR="$h/run" gnome-keyring-daemon --unlock --components=secrets >/dev/null; then
  echo "with-keyring: gnome-keyring-daemon could not start or unlock the keyring in $h" >&2
  exit 70
fi
if command -v dbus-send >/dev/null 2>&1; then
  tries=0
  until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; do
    tries=$((tries + 1))
    if [ "$tries" -ge 50 ]; then
      echo "with-keyring: the keyring did not register org.freedesktop.secrets on the session bus" >&2
      exit 70
    fi
    sleep 0.1
  done
fi
dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
  org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.DBus 2>/dev/null |
  sed -n "s/.*uint32 //p" >"$h/bus.pid" || true
unset WITH_KEYRING_HOME WITH_KEYRING_PASSWORD
exec "$@"
'

status=0
WITH_KEYRING_HOME="$keyring_home" WITH_KEYRING_PASSWORD="${KEYRING_PASSWORD:-pw}" \
  dbus-run-session -- sh -c "$inner" with-keyring "$@" || status=$?
exit "$status"
