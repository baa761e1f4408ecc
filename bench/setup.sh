#!/bin/sh
# pnpm bench:setup — installs the system tools `pnpm bench` needs, from Debian's packages:
# Go (to build the seed's Go function), wrk (the HTTP load generator) and taskset (CPU pinning).
# Without them the bench still runs and reports the parts that need them as not run.
set -e
need=""
command -v go >/dev/null 2>&1 || need="$need golang-go"
command -v wrk >/dev/null 2>&1 || need="$need wrk"
command -v taskset >/dev/null 2>&1 || need="$need util-linux"
if [ -z "$need" ]; then
  echo "bench:setup: go, wrk and taskset are already installed"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "bench:setup: no apt-get here; install these yourself:$need" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
$sudo apt-get update
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $need
