#!/usr/bin/env bash
# npm run test:compose: the compose deployment end to end, with the commands of the README's
# "Docker compose" section. Takes minutes; not part of `npm test`. Needs docker (and root to build
# the stand-in base images when no image registry is reachable).
# It runs as its own compose project on its own port, so it never touches a stack of yours:
# COMPOSE_PROJECT_NAME=remotelab-compose-test, REMOTELAB_PORT=18080 (both can be overridden).
set -euo pipefail
cd "$(dirname "$0")/../.."

export COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME:-remotelab-compose-test}
export REMOTELAB_PORT=${REMOTELAB_PORT:-18080}
BASE=http://127.0.0.1:$REMOTELAB_PORT
ADMIN_EMAIL=admin@example.org
ADMIN_PASSWORD=compose-test-$RANDOM-$RANDOM-password
WORK=$(mktemp -d)
START=$(date +%s)
SUMMARY=()

# `docker compose` (v2) when installed, else docker-compose 1.29, which takes the same arguments.
if docker compose version >/dev/null 2>&1; then COMPOSE=(docker compose); else COMPOSE=(docker-compose); fi
dc() {
  printf '  $ docker compose --env-file demo.env %s\n' "$*" >&2
  "${COMPOSE[@]}" --env-file demo.env "$@"
}
elapsed() { echo "$(($(date +%s) - START)) s"; }
step() { printf '\n== [%s] %s\n' "$(elapsed)" "$*"; }
ok() {
  printf '  ok: %s\n' "$*"
  SUMMARY+=("$*")
}
fail() {
  printf '\nFAIL: %s\n' "$*" >&2
  exit 1
}
on_exit() {
  local status=$?
  if [[ $status != 0 ]]; then
    echo "--- last logs ---" >&2
    "${COMPOSE[@]}" --env-file demo.env logs --tail 40 >&2 || true
    "${COMPOSE[@]}" --env-file demo.env down -v >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap on_exit EXIT

# Polls `check` (a command) every second until it succeeds; fails after `timeout` seconds.
wait_for() {
  local what=$1 timeout=$2
  shift 2
  local since=$SECONDS
  until "$@" >/dev/null 2>&1; do
    ((SECONDS - since < timeout)) || fail "$what: not within ${timeout} s"
    sleep 1
  done
  echo $((SECONDS - since))
}
# Output is captured before grep reads it: with pipefail, `producer | grep -q` can fail on SIGPIPE.
health_ok() { [[ $(curl -fsS "$BASE/api/health") == *'"status":"ok"'* ]]; }
bench_online() { [[ $(curl -fsS "$BASE/api/health") == *'"id":"rc-filter","status":"online"'* ]]; }
container_of() {
  docker ps -aq --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME" \
    --filter "label=com.docker.compose.service=$1" | head -1
}
healthy() { [[ $(docker inspect -f '{{.State.Health.Status}}' "$(container_of "$1")") == healthy ]]; }
sign_in() {
  curl -fsS -o "$WORK/me.json" -H 'content-type: application/json' \
    -d "{\"email\":\"$ADMIN_EMAIL\",\"password\":\"$ADMIN_PASSWORD\"}" "$BASE/api/auth/sign-in" &&
    grep -q "\"email\":\"$ADMIN_EMAIL\"" "$WORK/me.json"
}
# The node processes of a container, with their user and resident memory, read from /proc (the
# runtime image has no ps).
processes() {
  dc exec -T "$1" sh -c 'for d in /proc/[0-9]*; do
      cmd=$(tr "\0\n" "  " <"$d/cmdline" 2>/dev/null) || continue
      [ -n "$cmd" ] || continue
      uid=$(awk "/^Uid:/ {print \$2}" "$d/status"); rss=$(awk "/^VmRSS:/ {print \$2}" "$d/status")
      printf "%s uid=%s rss_kb=%s %s\n" "${d#/proc/}" "$uid" "${rss:-0}" "$cmd"
    done' 2>/dev/null
}

step "Base images (local stand-ins when no registry answers)"
missing=0
for image in node:20-bookworm node:20-bookworm-slim redis:7-bookworm postgres:16; do
  if docker image inspect "$image" >/dev/null 2>&1; then continue; fi
  timeout 60 docker pull -q "$image" >/dev/null 2>&1 || missing=1
done
if [[ $missing == 1 ]]; then scripts/compose/build-standin-images.sh; fi
ok "base images present"

step "Compose refuses to start without secrets unless the demo flag is given"
if env -u LAB_AGENT_TOKEN -u POSTGRES_PASSWORD "${COMPOSE[@]}" config >"$WORK/config.out" 2>&1; then
  fail "compose accepted a configuration without LAB_AGENT_TOKEN and POSTGRES_PASSWORD"
fi
grep -q 'run the demo with --env-file demo.env' "$WORK/config.out" || fail "no explanation: $(cat "$WORK/config.out")"
dc config >"$WORK/config.yml"
grep -q "127.0.0.1:$REMOTELAB_PORT:8080" "$WORK/config.yml" ||
  grep -q "host_ip: 127.0.0.1" "$WORK/config.yml" || fail "port not bound to 127.0.0.1"
ok "refused without secrets; --env-file demo.env accepted; port bound to 127.0.0.1"

step "Build"
build_start=$SECONDS
dc build
ok "image built in $((SECONDS - build_start)) s"
image_mb=$(($(docker image inspect -f '{{.Size}}' remotelab:latest) / 1000000))
base_mb=$(($(docker image inspect -f '{{.Size}}' node:20-bookworm-slim) / 1000000))
ok "runtime image remotelab:latest: ${image_mb} MB (its base node:20-bookworm-slim: ${base_mb} MB)"

step "Up"
up_start=$SECONDS
dc up -d
wait_for "/api/health ok" 240 health_ok >/dev/null
ok "/api/health ok $((SECONDS - up_start)) s after 'up' began (up waits for healthy dependencies)"
wait_for "rc-filter online" 180 bench_online >/dev/null
ok "bench rc-filter online $((SECONDS - up_start)) s after 'up' began"
wait_for "server healthy" 120 healthy server >/dev/null
wait_for "lab-agent healthy" 120 healthy lab-agent >/dev/null
ok "server and lab-agent healthchecks healthy"
dc exec -T lab-agent node -e "fetch('http://127.0.0.1:9100/health').then(r => r.text()).then(console.log)"

step "Processes: node under docker's init, as the node user"
for service in server lab-agent; do
  processes "$service" | tr -d '\000' | tee "$WORK/$service.ps"
  grep -q '^1 .*docker-init' "$WORK/$service.ps" || fail "$service: PID 1 is not docker's init"
  if grep -E ' (npm|tsx|esbuild)' "$WORK/$service.ps"; then fail "$service runs npm/tsx/esbuild"; fi
  [[ $(grep -c ' node ' "$WORK/$service.ps") -ge 1 ]] || fail "$service: no node process"
  not_node=$(grep -v ' uid=1000 ' "$WORK/$service.ps" || true)
  [[ -z $not_node ]] || fail "$service: processes not running as node (uid 1000): $not_node"
done
rss_of() { awk -v script="$2" '$4 == "node" && $5 == script {sub("rss_kb=", "", $3); print $3}' "$WORK/$1.ps"; }
agent_rss_kb=$(rss_of lab-agent lab-agent/dist/main.js)
board_rss_kb=$(rss_of lab-agent lab-agent/dist/virtual-board/main.js)
server_rss_kb=$(rss_of server server/dist/main.js)
((agent_rss_kb < 150000)) || fail "agent RSS ${agent_rss_kb} kB is not under 150 MB"
ok "RSS: agent $((agent_rss_kb / 1024)) MiB, virtual board $((board_rss_kb / 1024)) MiB, server $((server_rss_kb / 1024)) MiB"

step "Start-up log names the stores (without the password)"
dc logs server >"$WORK/server.log" 2>&1
grep -Eo 'database postgres://remotelab@postgres:5432/remotelab \(postgres [0-9][^"]*, redis redis://redis:6379 \([0-9.]+\)' \
  "$WORK/server.log" | tail -1 || fail "the server did not log its database and Redis"
if grep -q 'demo-db-password-public' "$WORK/server.log"; then fail "the server logged the password"; fi
# The image trims better-sqlite3 to its addon: SQLite (the default database) must still open.
dc exec -T server node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()" ||
  fail "better-sqlite3 does not load in the image"
ok "server logs its database and Redis endpoints and versions"

step "First admin with a piped password, then sign-in"
printf '%s\n' "$ADMIN_PASSWORD" | dc exec -T server node server/dist/cli/admin-create.js --email "$ADMIN_EMAIL" --name "Compose Admin" --password-stdin
sign_in || fail "sign-in as the new admin"
ok "admin created with --password-stdin, signed in"

step "Restart the server: the bench comes back"
restart_start=$SECONDS
dc restart server
t=$(wait_for "/api/health after restart" 120 health_ok)
t=$(wait_for "rc-filter online after restart" 120 bench_online)
ok "server restarted; rc-filter online again $((SECONDS - restart_start)) s after the restart began"
dc logs server >"$WORK/server.log" 2>&1
if grep -q 'npm error' "$WORK/server.log"; then fail "npm in the server's logs"; fi

step "Stop the lab-agent: every output of the virtual board at its safe value"
agent=$(container_of lab-agent)
stopped_at=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
stop_start=$(date +%s%N)
dc stop lab-agent
stop_ms=$((($(date +%s%N) - stop_start) / 1000000))
exit_code=$(docker inspect -f '{{.State.ExitCode}}' "$agent")
[[ $exit_code == 0 ]] || fail "the agent container exited $exit_code (137: killed at the end of the grace period)"
ok "lab-agent stopped in ${stop_ms} ms with exit code 0 (grace period 20 s)"
docker logs "$agent" >"$WORK/agent.log" 2>&1
grep -q 'benches in their safe state; exiting' "$WORK/agent.log" || fail "the agent did not report its safe state"
docker cp "$agent:/app/data/virtual-pins/rc-filter.jsonl" "$WORK/pins.jsonl"
# rc-filter.yaml: output duty is PWM on pin 9 with safe 0; led is digital pin 13 with safe false.
node - "$WORK/pins.jsonl" "$stopped_at" <<'JS'
const fs = require('node:fs');
const [file, stoppedAt] = process.argv.slice(2);
const writes = fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const safe = [{ pin: 9, kind: 'pwm', value: 0 }, { pin: 13, kind: 'digital', value: 0 }];
for (const output of safe) {
  const last = writes.filter((w) => w.pin === output.pin && w.kind === output.kind && w.accepted).at(-1);
  if (!last) throw new Error(`no write to pin ${output.pin}`);
  if (last.value !== output.value) throw new Error(`pin ${output.pin} left at ${last.value}`);
  if (last.at < stoppedAt) throw new Error(`pin ${output.pin}: no write after the stop (${last.at})`);
  console.log(`  pin ${output.pin} (${output.kind}) = ${last.value} at ${last.at}, after the stop at ${stoppedAt}`);
}
JS
ok "after 'stop lab-agent' pin 9 (PWM) = 0 and pin 13 (LED) = 0, both written by the stopping agent"

step "Supervision: the virtual board dies, the container restarts and the bench comes back"
dc start lab-agent
wait_for "rc-filter online after start" 180 bench_online >/dev/null
agent=$(container_of lab-agent)
restarts=$(docker inspect -f '{{.RestartCount}}' "$agent")
dc exec -T lab-agent sh -c 'for d in /proc/[0-9]*; do
    if tr "\0" " " <"$d/cmdline" 2>/dev/null | grep -q "^node lab-agent/dist/virtual-board/main.js"; then kill -KILL "${d#/proc/}"; fi
  done'
killed_at=$SECONDS
wait_for "lab-agent container restarted" 60 \
  bash -c "(( \$(docker inspect -f '{{.RestartCount}}' $agent) > $restarts ))" >/dev/null
wait_for "rc-filter online after the board died" 180 bench_online >/dev/null
ok "board killed: container restarted, rc-filter online $((SECONDS - killed_at)) s later"

step "Memory per container"
docker stats --no-stream --format '{{.Name}} {{.MemUsage}}' \
  $(docker ps -q --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME") | tee "$WORK/stats"
while read -r name usage _; do ok "memory $name: $usage"; done <"$WORK/stats"

step "down / up keeps the data"
dc down
dc up -d
wait_for "/api/health after down/up" 240 health_ok >/dev/null
wait_for "sign-in after down/up" 60 sign_in >/dev/null
wait_for "rc-filter online after down/up" 180 bench_online >/dev/null
ok "after down/up: the admin signs in, rc-filter online"

step "down -v removes the data"
dc down -v
left=$(docker volume ls -q --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME"; docker volume ls -q | grep "^${COMPOSE_PROJECT_NAME}_" || true)
[[ -z $left ]] || fail "volumes left after down -v: $left"
ok "down -v: no volume left"

printf '\n== Summary (%s, %s total, %s)\n' "$(date -u +%Y-%m-%dT%H:%MZ)" "$(elapsed)" "${COMPOSE[*]} $("${COMPOSE[@]}" version --short 2>/dev/null || true)"
for line in "${SUMMARY[@]}"; do printf '  - %s\n' "$line"; done
echo "PASS"
