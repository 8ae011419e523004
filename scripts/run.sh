#!/usr/bin/env bash
# The main job, end to end: installs what is missing, builds anycred, then
# creates an issuer key, signs the example Open Badges 3.0 credential in
# specs/examples/, verifies it and prints the verification report.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DANYCRED_BUILD_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" --target anycred-issuer anycred-verifier anycred-wallet

demo=${ANYCRED_DEMO_DIR:-build/demo}
mkdir -p "$demo"
bin=build/bin
echo
echo "== 1. Create the issuer's signing key"
rm -f "$demo/issuer-key.json"
"$bin/anycred-issuer" keygen -o "$demo/issuer-key.json"
issuer=$(sed -n 's/.*"controller": "\(.*\)".*/\1/p' "$demo/issuer-key.json")

echo
echo "== 2. Sign the example badge (specs/examples/welding-safety-badge.json) as $issuer"
sed "s|did:example:issuer|$issuer|" specs/examples/welding-safety-badge.json >"$demo/badge.json"
"$bin/anycred-issuer" sign --key "$demo/issuer-key.json" "$demo/badge.json" >"$demo/badge.signed.json"
echo "Signed credential: $demo/badge.signed.json"

echo
echo "== 3. Verify it"
"$bin/anycred-verifier" verify "$demo/badge.signed.json"

echo "== 4. Change one character of the signed badge and verify again (this must fail)"
sed 's/"92"/"99"/' "$demo/badge.signed.json" >"$demo/badge.tampered.json"
if "$bin/anycred-verifier" verify "$demo/badge.tampered.json"; then
  echo "error: a tampered credential verified" >&2
  exit 1
fi
echo "The tampered copy was refused, as it should be."
