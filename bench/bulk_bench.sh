#!/usr/bin/env bash
# Bulk issuance from CSV (issue 5's target: 1,000,000 rows signed, stored and
# written out in <= 3 minutes on a 2-core machine with SQLite, memory flat,
# both cores busy). Runs `anycred-issuer bulk` on a generated roster of
# N rows (half by email, with claim links; half by DID; each with a Percent
# result) and on a roster of N/10 rows, both in one run of this script, and
# prints for each: wall time, rows/s, CPU use (user+sys / wall: 2.0 = both
# cores busy the whole time) and peak memory (max RSS). Memory is flat when
# the peak of the big run is about that of the small one: the ratio is
# printed.
#
#   bench/bulk_bench.sh [BUILD_DIR] [ROWS]   (default: build-rel, 1000000)
#
# BUILD_DIR must be a Release build: cmake -S . -B build-rel
#   -DCMAKE_BUILD_TYPE=Release && cmake --build build-rel --target anycred-issuer
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-rel}
rows=${2:-1000000}
bin=$build/bin/anycred-issuer
[[ -x $bin ]] || { echo "build anycred-issuer first ($bin is missing)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "/usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
port=${ANYCRED_BENCH_PORT:-18447}

work=$(mktemp -d)
server_pid=
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

roster() {  # roster FILE ROWS
  awk -v n="$2" 'BEGIN {
    print "name,email,did,final grade";
    for (i = 0; i < n; i++) {
      if (i % 2 == 0) printf "Student %d,s%d@college.example,,%d\n", i, i, 50 + i % 50;
      else printf "Student %d,,did:web:learners.example:s%d,%d\n", i, i, 50 + i % 50;
    }
  }' >"$1"
}

run() {  # run LABEL ROWS
  local label=$1 n=$2 data=$work/data-$1
  "$bin" init --data "$data" 2>/dev/null
  local org_json org token
  org_json=$("$bin" org create --data "$data" --name "Bench College" \
    --did-web "127.0.0.1%3A$port" --json)
  org=$(sed -n 's/.*"org":"\([^"]*\)".*/\1/p' <<<"$org_json")
  token=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' <<<"$org_json")
  "$bin" serve --data "$data" --listen "127.0.0.1:$port" --no-request-log 2>"$work/serve.log" &
  server_pid=$!
  for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    sleep 0.1
  done
  curl -sf -X POST "http://127.0.0.1:$port/achievements" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d '{"id": "wd-101",
      "name": "Web Development Fundamentals",
      "description": "Builds and publishes accessible web pages.",
      "criteria": {"narrative": "Pass the final project."},
      "alignment": [{"targetName": "HTML and CSS", "targetFramework": "State CTE IT Standards",
        "targetCode": "IT.4.2", "targetType": "CFItem", "targetUrl": "https://case.example/IT.4.2"}],
      "resultDescription": [{"id": "urn:uuid:6b1d4b8e-7c39-4c1e-9d6b-2a8e0f3c5d71",
        "name": "Final grade", "resultType": "Percent"}]}' >/dev/null
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=
  roster "$work/$label.csv" "$n"
  sync
  /usr/bin/time -f '%e %U %S %M' -o "$work/$label.time" \
    "$bin" bulk --data "$data" --org "$org" --achievement wd-101 "$work/$label.csv" \
    --out "$work/out-$label" --no-progress --json >"$work/$label.json" 2>"$work/$label.err" || {
      cat "$work/$label.err" >&2; exit 1; }
  local lines
  lines=$(wc -l <"$work/out-$label/credentials.jsonl")
  [[ $lines -eq $n ]] || { echo "$label: $lines credentials written, expected $n" >&2; exit 1; }
  read -r wall user sys rss <"$work/$label.time"
  awk -v l="$label" -v n="$n" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" 'BEGIN {
    printf "%-6s %9d rows  %7.1f s  %7.0f rows/s  CPU %.2f cores  max RSS %6.1f MB\n",
      l, n, w, n / w, (u + s) / w, r / 1024 }'
  echo "$rss" >"$work/$label.rss"
  rm -rf "$data" "$work/out-$label" "$work/$label.csv"
}

echo "== anycred-issuer bulk, SQLite (WAL; each group synced before it is written out), $(nproc) cores"
run small $((rows / 10))
run big "$rows"
awk -v a="$(cat "$work/small.rss")" -v b="$(cat "$work/big.rss")" -v n="$rows" 'BEGIN {
  printf "peak memory, %d rows vs %d rows: %.2fx (1.0 = flat)\n", n, n / 10, b / a }'
