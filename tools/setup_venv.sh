#!/bin/sh
# The virtual environment of `make run` and `make test`: the project (editable) and its development
# tools at the versions pinned in constraints.txt, the one list of pinned versions.
#
# Usage (from the Makefile): tools/setup_venv.sh VENV PYTHON LOG
#
# The installer is uv when it can be had: a `uv` on PATH, or uv installed into the venv by pip (the
# system's, else the venv's own from ensurepip) at the version constraints.txt pins. uv downloads in parallel and links from its cache, so a fresh
# clone is set up in seconds where pip took minutes. When uv cannot be had, or fails (an index only
# pip is configured for, say), pip installs the same pinned versions. Everything the installers
# print goes to LOG; the terminal gets one line before and one after, or the end of LOG on failure.
set -u
venv=$1 python=$2 log=$3
bin=$venv/bin
installer=pip

install() {
    echo "== $(date -u '+%Y-%m-%d %H:%M:%S UTC') set-up of $venv"
    # Without pip: ensurepip costs seconds, and uv puts a pip in at once from its cache.
    test -x "$bin/python" || "$python" -m venv --without-pip "$venv" || return 1
    uv=$(command -v uv) \
        || { test -x "$bin/uv" && uv=$bin/uv; } \
        || { "$python" -m pip --python "$bin/python" install -q -c constraints.txt uv && uv=$bin/uv; } \
        || { venv_pip && "$bin/python" -m pip install -q -c constraints.txt uv && uv=$bin/uv; } \
        || uv=""
    if [ -n "$uv" ]; then
        echo "== installing with $uv ($("$uv" --version))"
        if "$uv" pip install --python "$bin/python" -c constraints.txt -e '.[dev]' pip; then
            installer=uv
            return 0
        fi
        echo "== uv failed: installing with pip instead"
    else
        echo "== uv cannot be had here: installing with pip"
    fi
    venv_pip \
        && "$bin/python" -m pip install -q --upgrade pip \
        && "$bin/python" -m pip install -c constraints.txt -e '.[dev]'
}

# A pip inside the venv (the one the Python ships, through ensurepip), for uv's bootstrap or the fallback.
venv_pip() {
    "$bin/python" -m pip --version >/dev/null 2>&1 || "$bin/python" -m ensurepip --default-pip
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
