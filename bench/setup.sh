#!/bin/sh
# Install what the comparison benchmark needs, outside the project's requirements:
# GNU time and Hugo from Debian, Pelican into its own venv under bench/out/ (gitignored).
set -eu
cd "$(dirname "$0")"
if ! [ -x /usr/bin/time ] || ! command -v hugo >/dev/null; then
    apt-get update -qq && apt-get install -y -qq time hugo
fi
if ! [ -x out/pelican-venv/bin/pelican ]; then
    mkdir -p out
    python3 -m venv out/pelican-venv
    out/pelican-venv/bin/pip install -q "pelican==4.12.0" "markdown==3.11.3"
fi
hugo version
out/pelican-venv/bin/pelican --version
