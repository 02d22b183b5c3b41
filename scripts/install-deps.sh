#!/usr/bin/env bash
# Installs the Debian 12 packages paiam needs to build, test, benchmark and fuzz.
# Idempotent: packages already present are skipped by apt; safe to run on every CI start.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git python3
  clang libclang-rt-14-dev            # libFuzzer + sanitizer runtimes for the fuzz targets
  libsimdjson-dev                     # policy parsing with source locations
  nlohmann-json3-dev                  # JSON output (CLI, reproducers)
  libcli11-dev                        # command line
  libgtest-dev libgmock-dev           # unit tests
  libbenchmark-dev                    # bench/
  libsqlite3-dev                      # store/: the embedded default store
  libssl-dev                          # auth/: request signatures, secrets at rest; api/: TLS
  libboost-dev                        # api/: Asio + Beast HTTP server (header-only)
  wrk                                 # bench/: HTTP load generator
)

# tests/sdk/ runs the official Alibaba Cloud Node SDKs against paiam. A machine may already
# have Node.js from elsewhere (NodeSource's nodejs bundles npm and conflicts with Debian's npm
# package), so Debian's nodejs and npm are only asked for when the commands are missing.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
