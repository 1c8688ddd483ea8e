#!/usr/bin/env bash
# Builds and runs .ci/client, a package that depends on this one by path and uses the public API as a
# client would (plain import, Swift 6 mode): the build must print no warning, and the run must succeed.
# Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/client"

swift build 2>&1 | tee .build-client-log.txt
if grep -E "(warning|error):" .build-client-log.txt; then
    echo "the client build printed warnings or errors" >&2
    exit 1
fi
"$(swift build --show-bin-path)/WeakrefClient"
