#!/usr/bin/env bash
# Time from starting the TUI until its list shows every post, seen as a user sees it: quire runs
# in a tmux pane (100x30) and the pane is read every 20 ms until the title reads "Posts (COUNT)".
# Then, after SETTLE seconds (the full load, the word index), the process's RssAnon and VmHWM.
#
#   benches/tui_start.sh DIR COUNT [CACHE]    # CACHE: the index folder (QUIRE_CACHE_DIR)
#   rm -rf /tmp/qc100k; benches/tui_start.sh /tmp/blog100k 100000 /tmp/qc100k   # cold
#   sleep 3; benches/tui_start.sh /tmp/blog100k 100000 /tmp/qc100k               # warm
#
# Posts from `cargo run --release --example generate -- DIR COUNT`. Needs tmux; ± the 20 ms poll.
set -euo pipefail
DIR=$1 COUNT=$2 CACHE=${3:-${TMPDIR:-/tmp}/quire-tui-start-cache}
QUIRE=${QUIRE_BIN:-$(cd "$(dirname "$0")/.." && pwd)/target/release/quire}
SESSION=quire-tui-start-$$
start=$(date +%s%N)
tmux new-session -d -s "$SESSION" -x 100 -y 30 "QUIRE_CACHE_DIR=$CACHE exec $QUIRE $DIR"
trap 'tmux kill-session -t "$SESSION" 2>/dev/null || true' EXIT
until tmux capture-pane -p -t "$SESSION" | grep -q "Posts ($COUNT)"; do
    sleep 0.02
    if (( ($(date +%s%N) - start) / 1000000 > 120000 )); then echo "no full list after 120 s" >&2; exit 1; fi
done
echo "list on screen: $(( ($(date +%s%N) - start) / 1000000 )) ms"
sleep "${SETTLE:-10}"
pid=$(tmux list-panes -t "$SESSION" -F '#{pane_pid}')
grep -E 'RssAnon|VmHWM' "/proc/$pid/status" | tr -s ' \t' ' '
