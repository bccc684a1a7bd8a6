#!/usr/bin/env bash
# Formats the tree's C and C++ with clang-format-22 and the root .clang-format (the LLVM aicc builds
# with; another clang-format version may format differently).
#
#   scripts/format.sh            rewrite the files in place
#   scripts/format.sh --check    change nothing; list the files that are not formatted and fail
set -euo pipefail
cd "$(dirname "$0")/.."
format=clang-format-22
command -v "$format" >/dev/null || { echo "format.sh: $format not found (bash scripts/install-deps.sh installs it)" >&2; exit 2; }
mapfile -t files < <(git ls-files '*.c' '*.cpp' '*.h' '*.inc')
if [[ "${1:-}" == --check ]]; then
  unformatted=()
  for f in "${files[@]}"; do
    "$format" --dry-run --Werror "$f" >/dev/null 2>&1 || unformatted+=("$f")
  done
  if ((${#unformatted[@]})); then
    printf 'not formatted (run scripts/format.sh): %s\n' "${unformatted[@]}" >&2
    exit 1
  fi
  echo "format.sh: all ${#files[@]} files are formatted"
else
  "$format" -i "${files[@]}"
fi
