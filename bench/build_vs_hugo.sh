#!/usr/bin/env bash
# Full builds of one corpus by mentorgen and by Hugo, alternating, in the same run.
#
#   bench/build_vs_hugo.sh [-n RUNS] CORPUS_DIR
#
# Each round times one cold mentorgen build (`build --base-url …`, minified, into an output
# folder that does not exist yet) and one cold Hugo build (../shared/bench/hugo_build.sh with
# --minify: fresh output and cache), in alternating order, with /usr/bin/time. Output and
# Hugo's cache go to tmpfs (/dev/shm): fresh file trees on this machine's ext4 are slow in the
# kernel (shared/bench/RESULTS.md, "Conditions"). One untimed warm-up build of each first.
# Then one no-op mentorgen rebuild into the last output, counting the files it rewrote.
# Prints per-run wall, user, sys, peak RSS, and the medians. Needs `hugo` on PATH (or HUGO=…).
# The corpus's photos are repaired in place first (bench/corpusfix says why).
set -euo pipefail
runs=5
if [ "${1:-}" = "-n" ]; then runs="$2"; shift 2; fi
[ $# -eq 1 ] || { echo "usage: $0 [-n RUNS] CORPUS_DIR" >&2; exit 2; }
corpus="$(cd "$1" && pwd)"
repo="$(cd "$(dirname "$0")/.." && pwd)"
shared="$repo/../shared/bench"
HUGO="${HUGO:-hugo}"
command -v "$HUGO" >/dev/null || { echo "no hugo on PATH (see ../shared/bench/RESULTS.md for how it was built)" >&2; exit 2; }
work="$(mktemp -d /dev/shm/mg-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
(cd "$repo" && go build -o "$work/mentorgen" .)
# gen_corpus.py's embedded photo does not decode, and mentorgen reports every copy of it;
# replace them (in place, once) with a valid JPEG so both tools build the same valid site.
(cd "$repo" && go run ./bench/fixphotos "$corpus")
export TMPDIR=/dev/shm

# Each appends "tool wall user sys peakRSS_KB" to $work/results when TIMED=1. Only the
# mentorgen or hugo process is timed (hugo_build.sh's TIMER wraps just the hugo command).
mg() {
  local timer=(); [ "${TIMED:-0}" = 1 ] && timer=(/usr/bin/time -f "mentorgen %e %U %S %M" -a -o "$work/results")
  "${timer[@]}" "$work/mentorgen" build --src "$corpus" --out "$1" --base-url https://mentors.example.org/ --quiet
}
hg() {
  local timer=""; [ "${TIMED:-0}" = 1 ] && timer="/usr/bin/time -f hugo%%%e%%%U%%%S%%%M -a -o $work/results.hugo"
  TIMER="$timer" HUGO="$HUGO" "$shared/hugo_build.sh" "$corpus" "$1" --minify >/dev/null 2>&1
  if [ -f "$work/results.hugo" ]; then tr '%' ' ' < "$work/results.hugo" >> "$work/results"; rm "$work/results.hugo"; fi
}

mg "$work/warm-mg"; hg "$work/warm-hugo"; rm -rf "$work/warm-mg" "$work/warm-hugo"
export TIMED=1
for i in $(seq 1 "$runs"); do
  if [ $((i % 2)) -eq 1 ]; then
    mg "$work/mg-$i"; hg "$work/hugo-$i"
  else
    hg "$work/hugo-$i"; mg "$work/mg-$i"
  fi
  files_mg=$(find "$work/mg-$i" -type f | wc -l); bytes_mg=$(du -sb "$work/mg-$i" | cut -f1)
  files_hugo=$(find "$work/hugo-$i" -type f | wc -l); bytes_hugo=$(du -sb "$work/hugo-$i" | cut -f1)
  [ "$i" -lt "$runs" ] && rm -rf "$work/mg-$i" "$work/hugo-$i"
done
last="$work/mg-$runs"
before=$(find "$last" -type f -printf '%p %C@\n' | sort | md5sum)
noop=$( { /usr/bin/time -f "%e" "$work/mentorgen" build --src "$corpus" --out "$last" --base-url https://mentors.example.org/ --quiet; } 2>&1 )
after=$(find "$last" -type f -printf '%p %C@\n' | sort | md5sum)
rewritten=$([ "$before" = "$after" ] && echo 0 || echo "some")

echo "corpus: $corpus ($(find "$corpus/content" -name '*.md' | wc -l) Markdown files)"
echo "runs:   $runs of each, alternating; output on /dev/shm"
printf '%-10s %8s %8s %8s %10s\n' tool wall_s user_s sys_s rss_MiB
awk '{printf "%-10s %8.2f %8.2f %8.2f %10.0f\n", $1, $2, $3, $4, $5/1024}' "$work/results"
for t in mentorgen hugo; do
  awk -v t="$t" '$1==t{print $2}' "$work/results" | sort -n | awk -v t="$t" '{a[NR]=$1} END{printf "median wall %-10s %.2f s (min %.2f, max %.2f)\n", t, a[int((NR+1)/2)], a[1], a[NR]}'
  awk -v t="$t" '$1==t{print $5}' "$work/results" | sort -n | awk -v t="$t" '{a[NR]=$1} END{printf "median peak RSS %-6s %.0f MiB\n", t, a[int((NR+1)/2)]/1024}'
done
echo "output: mentorgen $files_mg files, $bytes_mg bytes; hugo $files_hugo files, $bytes_hugo bytes"
echo "no-op rebuild: ${noop} s wall, files rewritten: $rewritten"
