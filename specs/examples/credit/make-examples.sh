#!/usr/bin/env bash
# Regenerates the credit-equivalence example (README, "Credit for prior
# learning"): example keys from fixed seeds, the three signed credentials,
# the CTE center's revocation list (as it is, and after a revocation) and
# the policy's registry with the issuers' ids. Deterministic: the same
# files every run (Ed25519 signatures are deterministic and --created is
# fixed). Usage: specs/examples/credit/make-examples.sh BUILD_BIN_DIR
#
# THE KEYS IN example-keys/ ARE PUBLIC EXAMPLES. Never sign anything real
# with them.
set -euo pipefail
bin=${1:?usage: make-examples.sh BUILD_BIN_DIR}
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
mkdir -p example-keys documents documents-after-revocation

seed() { printf 'anycred example key: %s' "$1" | sha256sum | cut -c1-64; }
for who in college cte employer online; do
  "$bin/anycred-issuer" keygen --seed-hex "$(seed "$who")" \
    -o "example-keys/$who.json" --force 2>/dev/null
done
did() { jq -r .controller "example-keys/$1.json"; }

sign() {  # template issuer created output
  jq --arg id "$(did "$2")" '.issuer.id = $id' "templates/$1.json" |
    "$bin/anycred-issuer" sign --key "example-keys/$2.json" --created "$3" - \
      -o "$1.json"
}
sign cte-badge cte 2025-06-12T00:00:00Z
sign employer-training employer 2026-03-20T00:00:00Z
sign online-course online 2026-01-15T00:00:00Z

# The CTE center's revocation list: nothing revoked, then index 1207 (the
# badge) revoked.
status_list() {  # revoked(0|1) output
  python3 - "$1" <<'PY' > /tmp/encoded-list
import base64, gzip, sys
bits = bytearray(131072 // 8)
if sys.argv[1] == "1":
    bits[1207 // 8] |= 1 << (7 - 1207 % 8)
gz = gzip.compress(bytes(bits), compresslevel=9, mtime=0)
print("u" + base64.urlsafe_b64encode(gz).decode().rstrip("="))
PY
  jq -n --arg issuer "$(did cte)" --arg list "$(cat /tmp/encoded-list)" '{
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    "id": "https://cte.riverside.example/status/1",
    "type": ["VerifiableCredential", "BitstringStatusListCredential"],
    "issuer": $issuer,
    "validFrom": "2025-01-01T00:00:00Z",
    "credentialSubject": {
      "id": "https://cte.riverside.example/status/1#list",
      "type": "BitstringStatusList",
      "statusPurpose": "revocation",
      "encodedList": $list}}' |
    "$bin/anycred-issuer" sign --key example-keys/cte.json \
      --created 2025-01-01T00:00:00Z - -o "$2"
  rm -f /tmp/encoded-list
}
status_list 0 documents/cte-status-1.json
status_list 1 documents-after-revocation/cte-status-1.json
for d in documents documents-after-revocation; do
  printf '{"documents": {"https://cte.riverside.example/status/1": "cte-status-1.json"}}\n' \
    > "$d/index.json"
done

jq --arg college "$(did college)" '.institution.id = $college' \
  templates/policy.json > policy.json
jq --arg cte "$(did cte)" --arg employer "$(did employer)" \
  --arg online "$(did online)" '
  .issuers[0].id = [$cte] | .issuers[1].id = [$employer] |
  .issuers[2].id = [$online]' templates/registry.json > registry.json
