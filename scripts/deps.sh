#!/bin/bash
# deps.sh - install what rv needs on Debian/Ubuntu when it is missing.
#   deps.sh build   compiler, libcsv-dev, libpcre2-dev, pkg-config; libzip, expat, freexl
#                   and libxlsxwriter (spreadsheets: rv-import, rv-export); GNU parallel,
#                   mandoc (the man pages' examples are run as tests) and
#                   python3 for some make check cases (make, make check)
#   deps.sh bench   peers for make bench: miller, fasttext, liblinear-tools, hyperfine, parallel;
#                   xlsx2csv, csvkit (in2csv), python3-openpyxl, python3-xlwt and
#                   libreoffice-calc for the spreadsheet side of bench-import.sh
# As root it runs apt-get; otherwise it prints the exact command to run.
set -u
what=${1:-build}
case $what in
build) pkgs="gcc make libc6-dev libcsv-dev libpcre2-dev libzip-dev libexpat1-dev libfreexl-dev libxlsxwriter-dev pkg-config parallel python3 mandoc" ;;
bench) pkgs="miller fasttext liblinear-tools hyperfine parallel python3 python3-pandas time librsvg2-bin xlsx2csv csvkit python3-openpyxl python3-xlwt libreoffice-calc" ;;
*) echo "usage: deps.sh build|bench" >&2; exit 2 ;;
esac
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
	echo "deps.sh: missing packages:$missing (no apt-get here: install them with your package manager)" >&2
	exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
	echo "deps.sh: installing$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y --no-install-recommends $missing >/dev/null 2>&1 ||
	{ apt-get update -qq >/dev/null 2>&1 && apt-get install -y --no-install-recommends $missing >/dev/null; } || {
		echo "deps.sh: apt-get install$missing failed" >&2; exit 1; }
else
	echo "deps.sh: missing packages:$missing" >&2
	echo "deps.sh: run: sudo apt-get install -y$missing" >&2
	exit 1
fi
