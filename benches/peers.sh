#!/usr/bin/env bash
# quire side by side with its peers, in one run on the same files (issue 14's targets):
#   quire list / list --json / check      vs  rg -c --no-ignore '^title:' DIR   (cold: reads every file)
#   quire render --plain / colour         vs  mdcat on the same file: a 5 KB post, the shared 173 KB
#                                             post and a 200 KB code-heavy one (examples/code_post)
#   quire check                           vs  quire check --no-links (issue 13: at most 2x)
# Each comparison runs A and B alternately (benches/compare.py: CPU, wall and peak of each, the
# ratios pair by pair). Installs rg (apt) and mdcat (cargo install) when missing.
#
#   benches/peers.sh [COUNT] [RUNS]     # default 10,000 generated posts, 10 runs each
#   QUIRE_BIN=path/to/quire benches/peers.sh   # measure another build (e.g. the one before a change)
#
# 100,000 posts (about 630 MB, several minutes to generate): benches/peers.sh 100000 5
set -euo pipefail

COUNT=${1:-10000}
RUNS=${2:-10}
HERE=$(cd "$(dirname "$0")/.." && pwd)
WORK=${PEERS_DIR:-${TMPDIR:-/tmp}/quire-peers}
BLOG="$WORK/blog-$COUNT"
QUIRE=${QUIRE_BIN:-$HERE/target/release/quire}
SHARED_POST="$HERE/../shared/corpora/zola-rust-blog/content/Project-Goals-2025-November-Update.md"

cd "$HERE"
if [ -z "${QUIRE_BIN:-}" ]; then
    cargo build --release --bin quire --example generate --example code_post
fi
if ! command -v rg >/dev/null; then
    echo "peers: installing ripgrep" >&2
    apt-get install -y ripgrep >/dev/null 2>&1 || sudo apt-get install -y ripgrep >/dev/null
fi
if ! command -v mdcat >/dev/null && [ -z "${PEERS_NO_MDCAT:-}" ]; then
    echo "peers: installing mdcat (about 5 minutes; PEERS_NO_MDCAT=1 skips it)" >&2
    cargo install mdcat --locked >/dev/null 2>&1 || echo "peers: mdcat did not install; its rows are skipped" >&2
fi

mkdir -p "$WORK"
if [ ! -d "$BLOG" ]; then
    target/release/examples/generate "$BLOG" "$COUNT"
fi

# One comparison: A against B, alternating, medians and the A/B ratio pair by pair.
compare() {
    local label=$1 a=$2 b=$3
    echo "== $label"
    "$HERE/benches/compare.py" "$RUNS" "$a" "$b" | grep -E 'cpu|wall|peak|exit'
}

RG="rg -c --no-ignore ^title: $BLOG"
FIND="sh -c 'exec find $BLOG -name \"*.md\" -printf \"%s %T@\\\\n\" >/dev/null'"
# The index lives in a folder of this run: cold runs empty it first, warm runs keep it.
CACHE="$WORK/cache-$COUNT"
COLD="rm -rf $CACHE; QUIRE_CACHE_DIR=$CACHE"
WARM="QUIRE_CACHE_DIR=$CACHE"
compare "quire list, cold: no index ($COUNT posts) vs rg" "$COLD $QUIRE list $BLOG" "$RG"
compare "quire list --json, cold ($COUNT posts) vs rg" "$COLD $QUIRE list --json $BLOG" "$RG"
compare "quire check --no-links, cold ($COUNT posts) vs rg" "$COLD $QUIRE check --no-links $BLOG" "$RG"
compare "quire check, cold ($COUNT posts) vs rg" "$COLD $QUIRE check $BLOG" "$RG"
# Warm: an index from an earlier run, nothing changed (files older than the index's racy window).
QUIRE_CACHE_DIR=$CACHE $QUIRE check --no-links "$BLOG" >/dev/null 2>&1 || true
sleep 3   # generated files are newer than the index's racy window (2 s) on the first run
QUIRE_CACHE_DIR=$CACHE $QUIRE check --no-links "$BLOG" >/dev/null 2>&1 || true
compare "quire list, warm ($COUNT posts) vs find -printf" "$WARM $QUIRE list $BLOG" "$FIND"
compare "quire check --no-links, warm ($COUNT posts) vs rg" "$WARM $QUIRE check --no-links $BLOG" "$RG"
compare "quire check vs check --no-links ($COUNT posts)" "$QUIRE check $BLOG" "$QUIRE check --no-links $BLOG"
compare "find -printf (the warm-start yardstick) vs rg" "$FIND" "$RG"

if command -v mdcat >/dev/null; then
    SMALL="$WORK/small.md"
    head -c 5000 "$(find "$BLOG" -name '*.md' | sort | head -1)" >"$SMALL"
    CODE="$WORK/code-200k.md"
    [ -x target/release/examples/code_post ] || cargo build --release --example code_post
    "$HERE/target/release/examples/code_post" "$CODE" 200000 >/dev/null
    for file in "$SMALL" "$SHARED_POST" "$CODE"; do
        [ -f "$file" ] || continue
        compare "render --plain $(basename "$file") vs mdcat" "$QUIRE render --plain $file" "mdcat --no-colour $file"
        compare "render colour $(basename "$file") vs mdcat" "$QUIRE render --color truecolor $file" "mdcat --ansi $file"
    done
fi
