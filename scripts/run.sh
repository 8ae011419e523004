#!/usr/bin/env bash
# The main job, end to end: installs what is missing, builds anycred, then
# runs the issuer service on SQLite with a demo organization and shows, with
# the curl commands printed, how to issue an Open Badge, fetch the issuer's
# DID document, verify the badge, revoke it and read the status list.
# Keeps serving until Ctrl-C; with ANYCRED_DEMO_EXIT=1 it stops after the
# demo. ANYCRED_DEMO_PORT (default 8080) and ANYCRED_DEMO_DIR (default
# build/demo) change where.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DANYCRED_BUILD_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" --target anycred-issuer anycred-verifier anycred-wallet

demo=${ANYCRED_DEMO_DIR:-build/demo}
port=${ANYCRED_DEMO_PORT:-8080}
base=http://localhost:$port
bin=build/bin
rm -rf "$demo/issuer-data"
mkdir -p "$demo"
json_field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }

echo
echo "== 1. Create the issuer's data folder (SQLite store + master key)"
echo "\$ anycred-issuer init --data $demo/issuer-data"
"$bin/anycred-issuer" init --data "$demo/issuer-data"

echo
echo "== 2. Create a demo organization, known as did:web:localhost%3A$port"
echo "\$ anycred-issuer org create --data $demo/issuer-data --name \"Riverside Career & Technical Center\" --did-web localhost%3A$port --json"
org_json=$("$bin/anycred-issuer" org create --data "$demo/issuer-data" \
  --name "Riverside Career & Technical Center" --did-web "localhost%3A$port" --json)
org=$(json_field org <<<"$org_json")
did=$(json_field did <<<"$org_json")
token=$(json_field token <<<"$org_json")
echo "organization $org, DID $did, API token ${token:0:8}… (shown once; kept in \$TOKEN below)"

echo
echo "== 3. Start the service: anycred-issuer serve --data $demo/issuer-data --listen 127.0.0.1:$port --public-url $base"
"$bin/anycred-issuer" serve --data "$demo/issuer-data" --listen "127.0.0.1:$port" \
  --public-url "$base" 2>"$demo/serve.log" &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  curl -sf "$base/health" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -sf "$base/health" >/dev/null || { cat "$demo/serve.log" >&2; exit 1; }
echo "Listening on $base (request log: $demo/serve.log)"

# The example badge, issued by the demo organization.
{ printf '{"credential":'
  sed -e "s|did:example:issuer|$did|" -e '/"id": "urn:uuid:8f1c3a1e/d' \
    specs/examples/welding-safety-badge.json
  printf '}'; } >"$demo/issue-request.json"

echo
echo "== 4. Issue the example badge"
echo "\$ curl -s -X POST $base/credentials/issue -H \"Authorization: Bearer \$TOKEN\" -H 'Content-Type: application/json' --data @$demo/issue-request.json"
curl -sS -X POST "$base/credentials/issue" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' --data @"$demo/issue-request.json" >"$demo/issue-response.json"
sed -e 's/^{"verifiableCredential"://' -e 's/}$//' "$demo/issue-response.json" >"$demo/badge.signed.json"
id=$(grep -o '"id":"urn:uuid:[^"]*"' "$demo/badge.signed.json" | tail -1 | json_field id)
list=$(grep -o '"statusListCredential":"[^"]*"' "$demo/badge.signed.json" | head -1 | json_field statusListCredential)
echo "Issued $id (saved in $demo/badge.signed.json); its revocation list is $list"

echo
echo "== 5. Fetch the organization's DID document"
echo "\$ curl -s $base/.well-known/did.json"
curl -sS "$base/.well-known/did.json" | tee "$demo/did.json"
echo

echo
echo "== 6. Verify the badge (the DID document from step 5 stands in for https://localhost:$port/.well-known/did.json)"
# --allow-http-loopback: this demo service speaks plain http on localhost,
# where the verifier reads the badge's revocation list.
"$bin/anycred-verifier" verify --allow-http-loopback \
  --document "https://localhost:$port/.well-known/did.json=$demo/did.json" \
  "$demo/badge.signed.json"

echo "== 7. Revoke it"
echo "\$ curl -s -X POST $base/credentials/status -H \"Authorization: Bearer \$TOKEN\" -H 'Content-Type: application/json' --data '{\"credentialId\": \"$id\", \"credentialStatus\": {\"type\": \"BitstringStatusListEntry\", \"statusPurpose\": \"revocation\"}}'"
curl -sS -X POST "$base/credentials/status" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' \
  --data "{\"credentialId\": \"$id\", \"credentialStatus\": {\"type\": \"BitstringStatusListEntry\", \"statusPurpose\": \"revocation\"}}"
echo

echo
echo "== 8. The signed revocation list now has the badge's bit set"
echo "\$ curl -s $list"
curl -sS "$list" | head -c 700
echo " …"
echo
echo
echo "== 9. Verify again: the verifier reads the list and reports REVOKED (exit 1)"
if "$bin/anycred-verifier" verify --allow-http-loopback \
  --document "https://localhost:$port/.well-known/did.json=$demo/did.json" \
  "$demo/badge.signed.json"; then
  echo "error: the revoked badge still verified" >&2
  exit 1
fi
echo
echo "\$ anycred-issuer credentials --data $demo/issuer-data --org $org"
"$bin/anycred-issuer" credentials --data "$demo/issuer-data" --org "$org"
echo "\$ anycred-issuer audit --data $demo/issuer-data --org $org"
"$bin/anycred-issuer" audit --data "$demo/issuer-data" --org "$org"

if [[ ${ANYCRED_DEMO_EXIT:-0} == 1 ]]; then
  echo
  echo "Demo done (ANYCRED_DEMO_EXIT=1): stopping the service."
  exit 0
fi
echo
echo "The service keeps running on $base with the demo organization; TOKEN=$token"
echo "Press Ctrl-C to stop."
wait $server
