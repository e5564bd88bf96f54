#!/bin/sh
# The virtual environment of `make run` and `make test`: the project (editable) and its development
# tools at the versions pinned in constraints.txt, the one list of pinned versions.
#
# Usage (from the Makefile): tools/setup_venv.sh VENV PYTHON LOG
#
# The installer is uv when it can be had: a `uv` on PATH, or uv installed into the venv by pip at
# the version constraints.txt pins. uv downloads in parallel and links from its cache, so a fresh
# clone is set up in seconds where pip took minutes. When uv cannot be had, or fails (an index only
# pip is configured for, say), pip installs the same pinned versions. Everything the installers
# print goes to LOG; the terminal gets one line before and one after, or the end of LOG on failure.
set -u
venv=$1 python=$2 log=$3
bin=$venv/bin
installer=pip

install() {
    echo "== $(date -u '+%Y-%m-%d %H:%M:%S UTC') set-up of $venv"
    test -x "$bin/python" || "$python" -m venv "$venv" || return 1
    uv=$(command -v uv) \
        || { test -x "$bin/uv" && uv=$bin/uv; } \
        || { "$bin/python" -m pip install -q -c constraints.txt uv && uv=$bin/uv; } \
        || uv=""
    if [ -n "$uv" ]; then
        echo "== installing with $uv ($("$uv" --version))"
        if "$uv" pip install --python "$bin/python" -c constraints.txt -e '.[dev]'; then
            installer=uv
            return 0
        fi
        echo "== uv failed: installing with pip instead"
    else
        echo "== uv cannot be had here: installing with pip"
    fi
    "$bin/python" -m pip install -q --upgrade pip \
        && "$bin/python" -m pip install -c constraints.txt -e '.[dev]'
}

echo "Setting up $venv (about 20 s with uv, 2 min with pip; log: $log)"
start=$(date +%s)
if install >> "$log" 2>&1; then
    echo "$venv ready in $(( $(date +%s) - start )) s (installed with $installer)"
else
    tail -n 30 "$log" >&2
    echo "Setting up $venv failed; the whole log is $log" >&2
    exit 1
fi
