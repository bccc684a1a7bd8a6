#!/usr/bin/env bash
# Formats the tree's C and C++ with clang-format-22 and the root .clang-format (the LLVM aicc builds
# with; another clang-format version may format differently). The files are git's tracked ones.
#
#   scripts/format.sh            rewrite the files in place
#   scripts/format.sh --check    change nothing; name the files that are not formatted and fail
set -euo pipefail
cd "$(dirname "$0")/.."
format=clang-format-22
command -v "$format" >/dev/null || { echo "format.sh: $format not found (bash scripts/install-deps.sh installs it)" >&2; exit 2; }
listing=$(git ls-files -z -- '*.c' '*.cpp' '*.h' '*.hpp' '*.inc' | tr '\0' '\n') \
  || { echo "format.sh: git cannot list the tracked files here" >&2; exit 2; }
mapfile -t files <<<"$listing"
[[ -n "${files[0]:-}" ]] || { echo "format.sh: no C or C++ files tracked here" >&2; exit 2; }
if [[ "${1:-}" == --check ]]; then
  # One process for the whole tree; its report names each file and line that differ.
  if report=$("$format" --dry-run --Werror -- "${files[@]}" 2>&1); then
    echo "format.sh: all ${#files[@]} files are formatted"
    exit 0
  fi
  unformatted=$(grep -oE '^[^:]+:[0-9]+:[0-9]+: error: code should be clang-formatted' <<<"$report" | cut -d: -f1 | sort -u || true)
  if [[ -z "$unformatted" ]]; then
    echo "$report" >&2  # not a formatting difference: clang-format itself failed
    exit 2
  fi
  echo "not formatted (run bash scripts/format.sh):" >&2
  sed 's/^/  /' <<<"$unformatted" >&2
  exit 1
else
  "$format" -i -- "${files[@]}"
fi
