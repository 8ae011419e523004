#!/usr/bin/env bash
# Issuing over HTTP on loopback with durable commits: starts
# `anycred-issuer serve` (SQLite, WAL, fdatasync before each answer, group commit) on a
# fresh data folder, drives POST /credentials/issue with wrk, prints
# credentials/s, and checks afterwards that the store holds as many
# credentials as were answered 201.
#
#   bench/issuer_http_bench.sh [BUILD_DIR]     (default: build)
#   ANYCRED_BENCH_SECONDS=20 ANYCRED_BENCH_CONNECTIONS=64 ... to change the load
#   ANYCRED_BENCH_SERVE_ARGS="--reserve-block 2048" ... more `serve` options
#   ANYCRED_BENCH_KEEP=1 ... keeps the work folder (data, PostgreSQL) to look at.
#   ANYCRED_BENCH_POSTGRES=1 ... the store in PostgreSQL (`serve --store`): a
#     private server (initdb + pg_ctl from /usr/lib/postgresql/N/bin, default,
#     durable settings: fsync and synchronous_commit on) in the work folder
#     on a unix socket, stopped at the end; ANYCRED_BENCH_PG_ARGS sets its
#     options (default: shared_buffers=1GB, max_wal_size=8GB,
#     wal_compression=lz4; "" for PostgreSQL's stock settings)
#
# What limits it: printed at the end (CPU of the server vs. wrk, the share of
# time in signing, and the commits per second the disk allowed).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
bin=$build/bin/anycred-issuer
[[ -x $bin ]] || { echo "build anycred-issuer first ($bin is missing)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 2; }
seconds=${ANYCRED_BENCH_SECONDS:-15}
connections=${ANYCRED_BENCH_CONNECTIONS:-64}
wrk_threads=${ANYCRED_BENCH_WRK_THREADS:-1}
port=${ANYCRED_BENCH_PORT:-18443}

work=$(mktemp -d)
server_pid=
pg_bin=
as_pg=()
cleanup() {
  set +e  # every step runs, whatever the one before returned
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [[ -n $pg_bin ]] && "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$work/pg" -m fast -w -t 30 stop >/dev/null 2>&1
  if [[ ${ANYCRED_BENCH_KEEP:-0} == 1 ]]; then
    echo "kept: $work (data folder; PostgreSQL's data in pg/)" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

store=()
what="SQLite, WAL, each group synced (fdatasync) before it is answered"
# PostgreSQL sized as a deployment would size it (README: "PostgreSQL
# settings"); durability stays on. ANYCRED_BENCH_PG_ARGS="" runs the stock
# settings (shared_buffers 128 MB, max_wal_size 1 GB).
pg_args=${ANYCRED_BENCH_PG_ARGS-"-c shared_buffers=1GB -c max_wal_size=8GB -c wal_compression=lz4"}
if [[ ${ANYCRED_BENCH_POSTGRES:-0} == 1 ]]; then
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [[ -x $pg_bin/initdb ]] || { echo "PostgreSQL is missing (apt-get install postgresql)" >&2; exit 2; }
  if [[ $(id -u) -eq 0 ]]; then  # PostgreSQL refuses to run as root
    chown postgres: "$work"
    as_pg=(setpriv --reuid=postgres --regid=postgres --clear-groups --)
  fi
  "${as_pg[@]}" "$pg_bin/initdb" -D "$work/pg" -U anycred --auth=trust -E UTF8 >/dev/null
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w -t 60 \
    -o "-k $work -c listen_addresses= -c max_connections=100 $pg_args" start >/dev/null
  "${as_pg[@]}" "$pg_bin/createdb" -h "$work" -U anycred issuer
  store=(--store "postgresql://anycred@/issuer?host=$work")
  what="PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}'), fsync + synchronous_commit on, ${pg_args:-stock settings}"
fi

"$bin" init --data "$work/data" "${store[@]}" 2>/dev/null
org_json=$("$bin" org create --data "$work/data" "${store[@]}" --name "Bench College" --did-key --json)
org=$(sed -n 's/.*"org":"\([^"]*\)".*/\1/p' <<<"$org_json")
did=$(sed -n 's/.*"did":"\([^"]*\)".*/\1/p' <<<"$org_json")
export ANYCRED_BENCH_TOKEN=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' <<<"$org_json")
# The example badge, without its id (the service assigns a new one each time).
export ANYCRED_BENCH_BODY=$work/body.json
{ printf '{"credential":'; sed -e "s|did:example:issuer|$did|" \
    -e '/"id": "urn:uuid:8f1c3a1e/d' specs/examples/welding-safety-badge.json; printf '}'; } \
  >"$ANYCRED_BENCH_BODY"

"$bin" serve --data "$work/data" "${store[@]}" --listen "127.0.0.1:$port" --threads "$connections" \
  --rate-limit 0 --no-request-log ${ANYCRED_BENCH_SERVE_ARGS:-} 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.1
done

# Warm up (first status-index blocks, page cache), then measure.
wrk -t1 -c8 -d2s -s bench/issue_credential.lua "http://127.0.0.1:$port/credentials/issue" >/dev/null
before=$("$bin" credentials --data "$work/data" "${store[@]}" --org "$org" --json | grep -c '"issued"' || true)
cpu0=$(awk '{print $14+$15}' /proc/$server_pid/stat)
# The PostgreSQL server's CPU: the postmaster and its children (backends
# stay connected: the issuer keeps a pool).
pg_ticks() {
  local pm
  pm=$(head -1 "$work/pg/postmaster.pid")
  cat /proc/"$pm"/stat /proc/[0-9]*/stat 2>/dev/null |
    awk -v pm="$pm" '$1 == pm || $4 == pm {t += $14 + $15} END {print t + 0}'
}
[[ -n $pg_bin ]] && pg0=$(pg_ticks)
echo "== wrk: $connections connections, $seconds s, POST /credentials/issue (durable: $what)"
out=$(/usr/bin/time -f "%U %S" -o "$work/wrk.time" \
  wrk -t"$wrk_threads" -c"$connections" -d"${seconds}s" --latency -s bench/issue_credential.lua \
  "http://127.0.0.1:$port/credentials/issue")
cpu1=$(awk '{print $14+$15}' /proc/$server_pid/stat)
[[ -n $pg_bin ]] && pg1=$(pg_ticks)
echo "$out" | grep -E "credentials/s|Socket errors|Requests/sec" || true
after=$("$bin" credentials --data "$work/data" "${store[@]}" --org "$org" --json | grep -c '"issued"' || true)
recorded=$((after - before))
hz=$(getconf CLK_TCK)
server_cores=$(awk -v a="$cpu0" -v b="$cpu1" -v hz="$hz" -v s="$seconds" 'BEGIN{printf "%.2f", (b-a)/hz/s}')
echo "credentials recorded in the store during the run: $recorded"
wrk_cores=$(awk -v s="$seconds" '{printf "%.2f", ($1 + $2) / s}' "$work/wrk.time")
echo "server CPU: $server_cores of $(nproc) cores; wrk: $wrk_cores (the kernel's loopback and others the rest)"
if [[ -n $pg_bin ]]; then
  pg_cores=$(awk -v a="$pg0" -v b="$pg1" -v hz="$hz" -v s="$seconds" 'BEGIN{printf "%.2f", (b-a)/hz/s}')
  echo "PostgreSQL CPU: $pg_cores cores"
fi
