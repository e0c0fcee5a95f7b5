#!/bin/bash
# The lab-agent container of the compose demo: one virtual board per bench in LAB_BENCHES, each on
# its own pseudo-terminal, and the agent driving them, as on a lab PC with boards plugged in.
# Docker's init (compose `init: true`) is PID 1 and forwards SIGTERM to this script, which stops
# the agent first (it drives every bench to its safe state through the boards), then the boards.
# If a board or the agent dies, the other is stopped and the script exits non-zero, so the
# container's restart policy brings both back.
# VIRTUAL_PIN_LOG_DIR (optional): each board appends the host's pin writes to <dir>/<bench>.jsonl,
# emptied at start, so the state the agent left on the outputs can be read after a stop.
set -uo pipefail

IFS=',' read -r -a benches <<<"${LAB_BENCHES:-rc-filter}"
link_dir=/tmp/remotelab
mkdir -p "$link_dir"
if [[ -n ${VIRTUAL_PIN_LOG_DIR:-} ]]; then mkdir -p "$VIRTUAL_PIN_LOG_DIR"; fi

board_pids=()
ports=()
for bench in "${benches[@]}"; do
  bench=${bench// /}
  [[ -n $bench ]] || continue
  args=(--bench "$bench" --link "$link_dir/$bench.tty")
  if [[ -n ${VIRTUAL_PIN_LOG_DIR:-} ]]; then
    : >"$VIRTUAL_PIN_LOG_DIR/$bench.jsonl"
    args+=(--pin-log "$VIRTUAL_PIN_LOG_DIR/$bench.jsonl")
  fi
  node lab-agent/dist/virtual-board/main.js "${args[@]}" &
  board_pids+=("$!")
  ports+=("$bench=$link_dir/$bench.tty")
done

# Start the agent once every port exists (a board fails fast, so do not wait for a dead one).
for port in "${ports[@]}"; do
  for _ in $(seq 1 300); do
    [[ -e ${port#*=} ]] && break
    for pid in "${board_pids[@]}"; do kill -0 "$pid" 2>/dev/null || exit 1; done
    sleep 0.1
  done
done
LAB_BENCH_PORTS=$(
  IFS=','
  echo "${ports[*]}"
)
export LAB_BENCH_PORTS
node lab-agent/dist/main.js &
agent_pid=$!

stopping=0
stop_all() {
  stopping=1
  # The agent first: it writes the safe state through the boards, which must still be there.
  kill -TERM "$agent_pid" 2>/dev/null
  wait "$agent_pid"
  local agent_status=$?
  for pid in "${board_pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${board_pids[@]}"; do wait "$pid"; done
  return "$agent_status"
}
trap 'stop_all; exit $?' TERM INT

wait -n "$agent_pid" "${board_pids[@]}"
status=$?
if [[ $stopping == 0 ]]; then
  echo "agent-with-virtual-boards: a board or the agent exited (status $status); stopping the rest" >&2
  stop_all
  exit $((status == 0 ? 1 : status))
fi
