#!/usr/bin/env bash
# Installs the Debian packages anycred needs to build, test and run, when
# they are missing. Run as root on Debian 12 (bookworm) or newer.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libssl-dev libsodium-dev nlohmann-json3-dev libsimdjson-dev libcpp-httplib-dev libcli11-dev
  libvalijson-dev
  libsqlite3-dev libpq-dev postgresql zlib1g-dev libqrencode-dev libcsv-dev libpugixml-dev libpng-dev
  libjemalloc-dev
  catch2 libbenchmark-dev
  chromium time wrk curl openssl
)
# chromium runs the verifier's web page in tests/browser_test.cc (headless);
# postgresql: tests start a private server (initdb/postgres from
# /usr/lib/postgresql/*/bin) for the issuer's PostgreSQL store.
# time (/usr/bin/time) measures peak memory in bench/verify_jsonl.sh.
# Node.js runs the interoperability tests against the JavaScript reference
# implementation; install Debian's only if no node is on the PATH.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "anycred needs these Debian packages: ${missing[*]}" >&2
    echo "Run this script as root (or: sudo apt-get install ${missing[*]})." >&2
    exit 2
  fi
  echo "Installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
