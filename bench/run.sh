#!/usr/bin/env bash
# Benchmark minhbach (site + search index) against Hugo, and Hugo plus
# Pagefind, on the same synthetic Vietnamese site.
#
#   bash bench/run.sh            # 10,000 pages, seed 1
#   PAGES=1000 bash bench/run.sh # a smaller site
#   HYPERFINE=1 bash bench/run.sh  # also time 3 runs of each with hyperfine, if installed
#
# Everything is written under bench/_out/ (gitignored). Each tool runs
# once, into an empty output folder, under /usr/bin/time -v; the figures
# are its wall time, CPU time and peak RSS ("Maximum resident set size",
# which is the largest single process: for minhbach that is minhbach
# itself, not the Dart Sass child; for Pagefind the Rust binary).
set -euo pipefail

cd "$(dirname "$0")/.."
PAGES=${PAGES:-10000}
SEED=${SEED:-1}
NOW=${NOW:-2026-11-26}
OUT=bench/_out
ABS_OUT=$(pwd)/$OUT
SITE=$ABS_OUT/site
mkdir -p "$OUT"

say() { printf '\n== %s\n' "$*"; }

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}

apt_install() {
	# --no-install-recommends matters for hugo: its recommends pull in an old Go.
	as_root apt-get install -y --no-install-recommends "$@" >/dev/null 2>&1 ||
		{ as_root apt-get update >/dev/null 2>&1 && as_root apt-get install -y --no-install-recommends "$@" >/dev/null; }
}

say "tools"
if [ ! -x /usr/bin/time ]; then
	echo "installing GNU time"
	apt_install time
fi
if ! command -v hugo >/dev/null; then
	echo "installing hugo"
	apt_install hugo
fi
PAGEFIND=""
PF_DIR=$OUT/pagefind
if [ ! -d "$PF_DIR/node_modules/pagefind" ]; then
	echo "installing pagefind 1.6.0"
	npm i -E --prefix "$PF_DIR" pagefind@1.6.0 >"$OUT/npm-pagefind.log" 2>&1 ||
		echo "pagefind: npm install failed (see $OUT/npm-pagefind.log); skipping Pagefind"
fi
# Run Pagefind's own binary rather than the Node wrapper that finds it,
# so that time and memory are Pagefind's.
for b in "$PF_DIR"/node_modules/@pagefind/linux-*/bin/pagefind "$PF_DIR"/node_modules/@pagefind/linux-*/bin/pagefind_extended "$PF_DIR/node_modules/.bin/pagefind"; do
	if [ -x "$b" ]; then
		PAGEFIND=$b
		break
	fi
done
go version
hugo version
echo "Dart Sass: $(node_modules/sass-embedded-linux-x64/dart-sass/sass --version 2>/dev/null || echo 'not found (run npm ci)')"
if [ -n "$PAGEFIND" ]; then echo "pagefind: $("$PAGEFIND" --version 2>/dev/null || echo '?') ($PAGEFIND)"; else echo "pagefind: skipped"; fi
if command -v hyperfine >/dev/null; then echo "hyperfine: $(hyperfine --version)"; fi

say "build minhbach"
go build -o bin/minhbach .

say "generate $PAGES pages (seed $SEED) into $OUT/site"
go run ./bench/gensite -out "$SITE" -pages "$PAGES" -seed "$SEED"

# measure NAME CMD...: runs CMD under /usr/bin/time -v and records the
# wall time, CPU time and peak RSS in WALL[NAME], CPU[NAME], RSS[NAME].
declare -A WALL CPU RSS
measure() {
	local name=$1
	shift
	local tlog=$OUT/$name.time log=$OUT/$name.log
	if ! /usr/bin/time -v -o "$tlog" "$@" >"$log" 2>&1; then
		echo "$name FAILED; last lines of $log:"
		tail -20 "$log"
		cat "$tlog" 2>/dev/null | head -3
		return 1
	fi
	WALL[$name]=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.2f", s}' "$tlog")
	CPU[$name]=$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {printf "%.2f", u + s}' "$tlog")
	RSS[$name]=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$tlog")
	printf '%-10s wall %6ss  cpu %6ss  peak RSS %5s MB\n' "$name" "${WALL[$name]}" "${CPU[$name]}" "${RSS[$name]}"
}

MB_PUB=$ABS_OUT/public-minhbach
MB_INDEX=$ABS_OUT/index-minhbach
HUGO_PUB=$ABS_OUT/public-hugo
rm -rf "$MB_PUB" "$MB_INDEX" "$HUGO_PUB" "$SITE/minhbach/.cache" "$SITE/hugo/resources" "$SITE/hugo/.hugo_build.lock"

say "run (each once, from empty output folders; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
measure minhbach bin/minhbach build --source "$SITE/minhbach" --destination "$MB_PUB" --index "$MB_INDEX" --now "$NOW"
tail -1 "$OUT/minhbach.log"
HAS_INDEX=0
if [ -d "$MB_INDEX" ] && [ -n "$(ls -A "$MB_INDEX" 2>/dev/null)" ]; then
	HAS_INDEX=1
	echo "minhbach search index: $(du -sh "$MB_INDEX" | cut -f1) in $OUT/index-minhbach"
else
	echo "NOTE: minhbach build wrote no search index (--index is not implemented yet): its figures are for the site alone."
fi
measure hugo hugo --source "$SITE/hugo" --destination "$HUGO_PUB" --cacheDir "$ABS_OUT/hugo-cache"
HAS_PF=0
if [ -n "$PAGEFIND" ]; then
	measure pagefind "$PAGEFIND" --site "$HUGO_PUB" && HAS_PF=1
	[ "$HAS_PF" = 1 ] && grep -iE 'indexed [0-9]+ page' "$OUT/pagefind.log" | head -1 || true
fi

if [ "${HYPERFINE:-0}" = 1 ] && command -v hyperfine >/dev/null; then
	say "hyperfine (3 runs each)"
	hyperfine --runs 3 \
		--prepare "rm -rf '$MB_PUB' '$MB_INDEX' '$HUGO_PUB' '$SITE/hugo/resources'" \
		-n minhbach "bin/minhbach build --source '$SITE/minhbach' --destination '$MB_PUB' --index '$MB_INDEX' --now $NOW" \
		-n hugo "hugo --source '$SITE/hugo' --destination '$HUGO_PUB' --cacheDir '$ABS_OUT/hugo-cache'"
fi

say "outputs"
# Hugo writes a redirect page for ".../trang/1/" of every paginated list;
# "pages" counts the HTML files that are not redirects.
count() {
	local all redirects
	all=$(find "$1" -name '*.html' | wc -l)
	redirects=$(grep -rl --include='*.html' 'http-equiv="refresh"' "$1" | wc -l || true)
	echo "$1: $all HTML files, $((all - redirects)) pages without redirects, $(du -sh "$1" | cut -f1)"
}
count "$MB_PUB"
count "$HUGO_PUB"
[ "$HAS_PF" = 1 ] && echo "pagefind index: $(du -sh "$HUGO_PUB/pagefind" | cut -f1)"

say "results ($PAGES pages)"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { print (r != "n/a" && r <= t) ? "met" : "NOT met" }'; }
label="minhbach (site + index)"
[ "$HAS_INDEX" = 1 ] || label="minhbach (site only, no index yet)"
echo "| step | wall (s) | CPU user+sys (s) | peak RSS (MB) |"
echo "|---|---:|---:|---:|"
echo "| $label | ${WALL[minhbach]} | ${CPU[minhbach]} | ${RSS[minhbach]} |"
echo "| hugo | ${WALL[hugo]} | ${CPU[hugo]} | ${RSS[hugo]} |"
if [ "$HAS_PF" = 1 ]; then
	echo "| pagefind (on Hugo's output) | ${WALL[pagefind]} | ${CPU[pagefind]} | ${RSS[pagefind]} |"
	HP_WALL=$(awk -v a="${WALL[hugo]}" -v b="${WALL[pagefind]}" 'BEGIN { printf "%.2f", a + b }')
	HP_CPU=$(awk -v a="${CPU[hugo]}" -v b="${CPU[pagefind]}" 'BEGIN { printf "%.2f", a + b }')
	HP_RSS=$(( RSS[hugo] > RSS[pagefind] ? RSS[hugo] : RSS[pagefind] ))
	echo "| hugo + pagefind (run one after the other; RSS is the larger) | $HP_WALL | $HP_CPU | $HP_RSS |"
fi
echo
w=$(ratio "${WALL[minhbach]}" "${WALL[hugo]}")
m=$(ratio "${RSS[minhbach]}" "${RSS[hugo]}")
echo "minhbach / hugo:            wall $w (target <= 0.5: $(verdict "$w" 0.5)), peak RSS $m (target <= 0.5: $(verdict "$m" 0.5))"
if [ "$HAS_PF" = 1 ]; then
	w=$(ratio "${WALL[minhbach]}" "$HP_WALL")
	m=$(ratio "${RSS[minhbach]}" "$HP_RSS")
	echo "minhbach / (hugo+pagefind): wall $w (target <= 0.25: $(verdict "$w" 0.25)), peak RSS $m"
fi
[ "$HAS_INDEX" = 1 ] || echo "(minhbach figures exclude the search index, which minhbach build does not write yet)"
