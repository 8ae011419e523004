#!/usr/bin/env bash
# Batch verification end to end: `anycred-verifier verify --jsonl` on N
# signed Open Badges (default 100,000), one per line. Generates the file
# (the example badge with a distinct id per line, signed by
# `anycred-issuer sign --jsonl`), verifies it on all cores, and reports
# credentials per second (wall clock, and per core from CPU time), the CPU
# use (200% = both cores busy) and the peak resident memory (/usr/bin/time).
#
# Usage: bash bench/verify_jsonl.sh [BUILD_DIR] [N] [CREDENTIAL]
#   BUILD_DIR   where bin/ is (default: build); build it Release or
#               RelWithDebInfo, without sanitizers
#   CREDENTIAL  example (default): our 2.3 KB badge, specs/examples/
#               welding-safety-badge.json; 1edtech: the 1.2 KB Open Badge of
#               the 1EdTech implementation guide that eddsa_rdfc_bench uses
#               (../shared/conformance/vectors/ob3-eddsa-rdfc-2022), so the
#               two rates compare like with like
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
n=${2:-100000}
credential=${3:-example}
bin="$build/bin"
for p in anycred-issuer anycred-verifier; do
  [[ -x "$bin/$p" ]] || { echo "missing $bin/$p: build first" >&2; exit 2; }
done
[[ -x /usr/bin/time ]] || { echo "needs /usr/bin/time (Debian package time)" >&2; exit 2; }

work=$(mktemp -d)
trap '[[ -n ${ANYCRED_BENCH_KEEP:-} ]] || rm -rf "$work"' EXIT
"$bin/anycred-issuer" keygen --seed-hex \
  9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60 \
  -o "$work/key.json" 2>/dev/null
did=$(grep -o '"controller": *"[^"]*"' "$work/key.json" | sed 's/.*"\(did:[^"]*\)"/\1/')
# One line per credential: the example, newlines removed, a distinct id.
case "$credential" in
  example)
    source_file=specs/examples/welding-safety-badge.json
    issuer_re='did:example:issuer' id_re='3d2f0e6b1c44' keep='' ;;
  1edtech)
    source_file=../shared/conformance/vectors/ob3-eddsa-rdfc-2022/unsigned.json
    issuer_re='https://example.edu/issuers/565049' id_re='credentials/3527'
    keep='credentials/3527-' ;;
  *) echo "CREDENTIAL is example or 1edtech, not $credential" >&2; exit 2 ;;
esac
# Every credential has a revocation entry in one status list (131,072
# entries, none revoked), answered from a local file with --document: the
# verifier fetches, verifies and decodes the list once and reads one bit per
# credential, as with a real issuer's list once cached.
list_url=https://status.example/lists/bench
encoded=u$(head -c 16384 /dev/zero | gzip -9c | base64 -w0 | tr '+/' '-_' | tr -d '=')
printf '%s' '{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"'"$list_url"'",
  "type":["VerifiableCredential","BitstringStatusListCredential"],"issuer":"'"$did"'",
  "validFrom":"2026-01-01T00:00:00Z","credentialSubject":{"id":"'"$list_url"'#list",
  "type":"BitstringStatusList","statusPurpose":"revocation","encodedList":"'"$encoded"'"}}' \
  > "$work/list-unsigned.json"
"$bin/anycred-issuer" sign --key "$work/key.json" --created 2026-06-12T09:30:00Z \
  "$work/list-unsigned.json" > "$work/list.json"
tr -d '\n' < "$source_file" | sed "s|$issuer_re|$did|" |
  sed 's|}[[:space:]]*$|,"credentialStatus":{"id":"'"$list_url"'#INDEX","type":"BitstringStatusListEntry","statusPurpose":"revocation","statusListIndex":"INDEX","statusListCredential":"'"$list_url"'"}}|' \
  > "$work/one.json"
# The id's last part becomes the line number (12 digits, so a urn:uuid stays
# a UUID); each credential gets its own index in the list.
awk -v n="$n" -v re="$id_re" -v keep="$keep" '{ for (i = 1; i <= n; i++) {
    line = $0; sub(re, keep sprintf("%012d", i), line);
    gsub(/INDEX/, i % 131072, line); print line } }' \
  "$work/one.json" > "$work/unsigned.jsonl"
"$bin/anycred-issuer" sign --key "$work/key.json" --created 2026-06-12T09:30:00Z \
  --jsonl "$work/unsigned.jsonl" > "$work/signed.jsonl"
lines=$(wc -l < "$work/signed.jsonl")
bytes=$(wc -c < "$work/signed.jsonl")

/usr/bin/time -v -o "$work/time.txt" \
  "$bin/anycred-verifier" verify --jsonl --at 2026-07-01T00:00:00Z \
  --document "$list_url=$work/list.json" --offline \
  "$work/signed.jsonl" > "$work/report.txt"
verified=$(grep -c ': VERIFIED$' "$work/report.txt" || true)
status_ok=$(grep -c '^  \[ok *\] status ' "$work/report.txt" || true)

field() { grep "$1" "$work/time.txt" | sed 's/.*: //'; }
wall=$(field 'Elapsed (wall clock)')
user=$(field 'User time')
sys=$(field 'System time')
cpu=$(field 'Percent of CPU')
rss_kb=$(field 'Maximum resident set size')
secs=$(echo "$wall" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
awk -v n="$lines" -v bytes="$bytes" -v v="$verified" -v w="$secs" -v u="$user" \
    -v s="$sys" -v cpu="$cpu" -v rss="$rss_kb" 'BEGIN {
  printf "credentials:            %d (%.0f MB of JSON Lines), %d verified\n", n, bytes / 1e6, v
  printf "wall time:              %.2f s\n", w
  printf "rate:                   %.0f credentials/s\n", n / w
  printf "rate per core (CPU):    %.0f credentials/s per core-second\n", n / (u + s)
  printf "CPU use:                %s (200%% = both cores)\n", cpu
  printf "peak resident memory:   %.1f MB\n", rss / 1024
}'
[[ "$verified" -eq "$lines" ]] || { echo "not every credential verified" >&2; exit 1; }
[[ "$status_ok" -eq "$lines" ]] || { echo "the status check did not pass for every credential" >&2; exit 1; }
