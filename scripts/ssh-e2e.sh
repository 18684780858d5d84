#!/usr/bin/env bash
# The dashboard over a real ssh connection on loopback: starts Debian's sshd on 127.0.0.1
# with throwaway keys, runs the release binary through `ssh -tt` in a pseudo-terminal,
# sends keys, measures bytes per keystroke and the round trip, then kills the ssh client and
# checks that the remote dashboard exits promptly without spinning. Stops sshd on the way out.
#
#   scripts/ssh-e2e.sh            # installs openssh-server if missing (Debian)
#
# Exits 0 when everything held, 1 when something did not, and 0 with a "skipped" line when
# sshd cannot be started here (no root, no package manager, a sandbox without sockets).
set -euo pipefail
cd "$(dirname "$0")/.."

skip() { echo "ssh-e2e: skipped: $*"; exit 0; }

if [ ! -x /usr/sbin/sshd ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssh-server >/dev/null 2>&1 \
      || skip "openssh-server could not be installed"
  else
    skip "no /usr/sbin/sshd and no way to install it"
  fi
fi
[ "$(id -u)" -eq 0 ] || skip "sshd needs root to accept logins here"

work=$(mktemp -d)
sshd_pid=""
cleanup() {
  [ -n "$sshd_pid" ] && kill "$sshd_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

port=$(( 20000 + RANDOM % 20000 ))
ssh-keygen -q -t ed25519 -N '' -f "$work/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$work/user_key"
cp "$work/user_key.pub" "$work/authorized_keys"
chmod 600 "$work/authorized_keys"
mkdir -p /run/sshd
cat > "$work/sshd_config" <<CFG
Port $port
ListenAddress 127.0.0.1
HostKey $work/host_key
AuthorizedKeysFile $work/authorized_keys
PidFile $work/sshd.pid
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
AcceptEnv NO_COLOR
CFG
/usr/sbin/sshd -f "$work/sshd_config" -D -e 2>"$work/sshd.log" &
sshd_pid=$!
for _ in $(seq 1 50); do
  if ssh -q -i "$work/user_key" -p "$port" -o BatchMode=yes -o StrictHostKeyChecking=no \
      -o UserKnownHostsFile=/dev/null root@127.0.0.1 true 2>/dev/null; then
    break
  fi
  kill -0 "$sshd_pid" 2>/dev/null || skip "sshd did not start: $(tail -1 "$work/sshd.log")"
  sleep 0.1
done

cargo build --release --quiet --bin nhs-leaders --example ssh_session
target/release/examples/ssh_session "$port" "$work/user_key" "$PWD/target/release/nhs-leaders"
