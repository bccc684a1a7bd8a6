# Sourced by the benchmark scripts: reading their tools' JSON lines, with $python (Debian's, set by
# the script). field KEY < JSON: KEY of the last line, as aicc-run --json and ort_bench.js print it.
# smaller A B...: the least of the non-empty numbers (a side's best median over rounds).
field() { "$python" -c 'import json, sys; print(json.loads(sys.stdin.read().splitlines()[-1])[sys.argv[1]])' "$1"; }
smaller() { "$python" -c 'import sys; v = [float(a) for a in sys.argv[1:] if a]; print(min(v) if v else "")' "$@"; }
