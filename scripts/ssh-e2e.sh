#!/usr/bin/env bash
# The dashboard over real ssh connections on loopback, both recipes of docs/serving.md:
#
#   1. the built-in server: `nhs-leaders serve` with a throwaway host key and authorized_keys,
#      live data from a folder (a change is reloaded), queries over exec, refusals;
#   2. the system OpenSSH: Debian's sshd on 127.0.0.1 with an authorized_keys entry
#      `restrict,pty,command="nhs-leaders ssh-command"`, the same queries and refusals.
#
# For each, the OpenSSH client runs in a pseudo-terminal (examples/ssh_session.rs): it drives
# the dashboard, measures bytes per keystroke and the round trip, checks an idle session is
# sent nothing, then kills the client and checks the remote dashboard goes promptly.
#
#   scripts/ssh-e2e.sh            # installs openssh-server if missing (Debian)
#
# Exits 0 when everything held, 1 when something did not. The OpenSSH recipe is skipped,
# saying so, where sshd cannot be started (no root, no package manager, no sockets).
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "ssh-e2e: FAILED: $*"; exit 1; }
check() { # check NAME EXPECTED ACTUAL
  [ "$2" = "$3" ] || fail "$1: expected $2, got $3"
  echo "ok: $1"
}

command -v ssh >/dev/null || fail "no ssh client (.ci/install-test-tools installs openssh-client)"
# The debug build: `cargo test` has just built it, so CI does not compile everything again
# in release mode (minutes on 2 cores); nothing here measures speed against a target.
cargo build --quiet --bin nhs-leaders --example ssh_session
bin="$PWD/target/debug/nhs-leaders"
session="$PWD/target/debug/examples/ssh_session"

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

ssh-keygen -q -t ed25519 -N '' -f "$work/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$work/user_key"
ssh-keygen -q -t ed25519 -N '' -f "$work/stranger_key"
opts=(-o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null
      -o LogLevel=ERROR -o IdentitiesOnly=yes)
free_port() { echo $(( 20000 + RANDOM % 20000 )); }

# --- 1. the built-in server ------------------------------------------------------------------
echo "== the built-in server (nhs-leaders serve)"
cp -r data "$work/data"
cp "$work/user_key.pub" "$work/team_keys"
port=$(free_port)
NHS_LEADERS_TODAY=2026-12-01 "$bin" serve --listen "127.0.0.1:$port" --host-key "$work/host_key" \
  --authorized-keys "$work/team_keys" --data "$work/data" 2>"$work/serve.log" &
pids+=($!)
serve_pid=$!
for _ in $(seq 1 100); do
  grep -q "listening on" "$work/serve.log" 2>/dev/null && break
  kill -0 "$serve_pid" 2>/dev/null || fail "serve did not start: $(cat "$work/serve.log")"
  sleep 0.1
done
grep -q "$(ssh-keygen -lf "$work/host_key.pub" | awk '{print $2}')" "$work/serve.log" \
  || fail "the start-up message does not print the host key's fingerprint"
s=(ssh -p "$port" -i "$work/user_key" "${opts[@]}" 127.0.0.1)

code=0; out=$("${s[@]}" search chaudry --json) || code=$?
check "exec search exits 0" 0 "$code"
echo "$out" | grep -q '"id": "zafar-chaudry"' || fail "search over exec: $out"
code=0; "${s[@]}" show cuh >/dev/null || code=$?
check "exec show cuh" 0 "$code"
code=0; "${s[@]}" at 2019 >/dev/null || code=$?
check "exec at 2019" 0 "$code"
code=0; "${s[@]}" serve --open 2>"$work/err" || code=$?
check "exec of serve is refused" 2 "$code"
grep -q "cannot be run over ssh" "$work/err" || fail "no reason given: $(cat "$work/err")"
code=0; "${s[@]}" 'sh -c id' 2>/dev/null || code=$?
check "exec of anything else is refused" 2 "$code"
code=0; ssh -p "$port" -i "$work/stranger_key" "${opts[@]}" 127.0.0.1 search x 2>/dev/null || code=$?
check "a key not in the file is refused" 255 "$code"
code=0; timeout 10 "${s[@]}" -W 127.0.0.1:22 </dev/null >/dev/null 2>&1 || code=$?
[ "$code" -ne 0 ] || fail "stdio forwarding (-W) was allowed"
echo "ok: port forwarding is refused"
usage=$("${s[@]}" -T </dev/null)
echo "$usage" | grep -q "Queries: search" || fail "no-pty, no-command usage: $usage"
echo "ok: no pty and no command gets the usage"

"$session" "$port" "$work/user_key" - || fail "dashboard over the built-in server"

# Live data: a new person in the folder is picked up and logged.
cat > "$work/data/zz-e2e.toml" <<'TOML'
[[person]]
id = "e2e-person"
name = "Edwina Endtoend"
TOML
for _ in $(seq 1 50); do
  grep -q "reload: data updated: +1 person" "$work/serve.log" && break
  sleep 0.1
done
grep -q "reload: data updated: +1 person" "$work/serve.log" \
  || fail "the data change was not reloaded: $(tail -5 "$work/serve.log")"
out=$("${s[@]}" show e2e-person)
echo "$out" | grep -q "Edwina Endtoend" || fail "the reloaded data is not served: $out"
echo "ok: a data change is reloaded and served"
grep -q "session end .* (closed by the client)" "$work/serve.log" \
  || fail "the killed client's session did not end: $(tail -5 "$work/serve.log")"
echo "ok: the killed client's session ended"

kill -TERM "$serve_pid"
code=0; wait "$serve_pid" || code=$?
check "serve exits 0 on SIGTERM" 0 "$code"
if grep -E 'AAAA[0-9A-Za-z+/]{20}' "$work/serve.log"; then fail "a key reached the log"; fi
echo "ok: the log names fingerprints, never keys"

# --- 2. the system OpenSSH with a forced command -----------------------------------------------
echo "== the system OpenSSH (command=\"nhs-leaders ssh-command\")"
skip() { echo "ssh-e2e: the OpenSSH recipe skipped: $*"; echo "ssh-e2e: passed"; exit 0; }
if [ ! -x /usr/sbin/sshd ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssh-server >/dev/null 2>&1 \
      || skip "openssh-server could not be installed"
  else
    skip "no /usr/sbin/sshd and no way to install it"
  fi
fi
[ "$(id -u)" -eq 0 ] || skip "sshd needs root to accept logins here"

port=$(free_port)
printf 'restrict,pty,command="env NHS_LEADERS_TODAY=2026-12-01 %s ssh-command" %s\n' \
  "$bin" "$(cat "$work/user_key.pub")" > "$work/authorized_keys"
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
CFG
/usr/sbin/sshd -f "$work/sshd_config" -D -e 2>"$work/sshd.log" &
pids+=($!)
sshd_pid=$!
o=(ssh -p "$port" -i "$work/user_key" "${opts[@]}" root@127.0.0.1)
for _ in $(seq 1 50); do
  "${o[@]}" show cuh >/dev/null 2>&1 && break
  kill -0 "$sshd_pid" 2>/dev/null || skip "sshd did not start: $(tail -1 "$work/sshd.log")"
  sleep 0.1
done

code=0; out=$("${o[@]}" search chaudry --json) || code=$?
check "a query through the forced command exits 0" 0 "$code"
echo "$out" | grep -q '"id": "zafar-chaudry"' || fail "search through the forced command: $out"
echo "ok: a query through the forced command"
code=0; "${o[@]}" 'cat /etc/passwd; id' >/dev/null 2>"$work/err" || code=$?
check "a shell command through the forced command is refused" 2 "$code"
code=0; "${o[@]}" search x --data /etc >/dev/null 2>&1 || code=$?
check "--data from the client is refused" 2 "$code"
code=0; timeout 10 "${o[@]}" -W 127.0.0.1:22 </dev/null >/dev/null 2>&1 || code=$?
[ "$code" -ne 0 ] || fail "stdio forwarding (-W) was allowed by restrict"
echo "ok: port forwarding is refused (restrict)"

"$session" "$port" "$work/user_key" "$bin ssh-command" || fail "dashboard through the forced command"
echo "ssh-e2e: passed"
