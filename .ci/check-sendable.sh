#!/usr/bin/env bash
# Sendable without holes (DESIGN §5.5): every snippet in .ci/sendable-snippets/ sends a reference or
# collection of a non-Sendable object into a task, and must be rejected by the compiler with a
# Sendable / data-race diagnostic; the snippets in .ci/sendable-snippets/allowed/ do the same with
# Sendable objects and must compile, so that the check cannot pass because of a wrong module path.
# Run from anywhere. SCRATCH_PATH (optional) selects the build folder, default SwiftPM's.
set -euo pipefail
cd "$(dirname "$0")/.."

build=(swift build)
if [[ -n "${SCRATCH_PATH:-}" ]]; then build+=(--scratch-path "$SCRATCH_PATH"); fi

printf '=== building the Weakref module\n'
"${build[@]}" --target Weakref
bin="$("${build[@]}" --show-bin-path)"
if [[ -e "$bin/Modules/Weakref.swiftmodule" ]]; then
    modules="$bin/Modules"
elif [[ -e "$bin/Weakref.swiftmodule" ]]; then
    modules="$bin"  # older SwiftPM layouts put the modules beside the products
else
    echo "no Weakref.swiftmodule under $bin" >&2
    exit 1
fi

# A rejection must be about sending: every error line names Sendable, sending or a data race, so that
# a snippet broken in some other way (a renamed API, a typo) fails the check instead of passing it.
reason='Sendable|sending|data race'
# `-emit-sil`, not `-typecheck`: sending a value into a `Task` is checked by region-based isolation, a
# SIL pass that `-typecheck` stops before (all the forbidden snippets type-check).
compile() {
    swiftc -emit-sil -o /dev/null -swift-version 6 -I "$modules" "$1" 2>&1
}

failures=0
shopt -s nullglob
forbidden=(.ci/sendable-snippets/*.swift)
allowed=(.ci/sendable-snippets/allowed/*.swift)
if ((${#forbidden[@]} == 0 || ${#allowed[@]} == 0)); then
    echo "no snippets found in .ci/sendable-snippets/" >&2
    exit 1
fi

# A control snippet must compile, so that no rejection can come from a wrong module path or setup.
check_control() {
    local snippet=$1 name=$2 output
    if output="$(compile "$snippet")"; then
        echo "allowed: $name — compiles"
    else
        echo "allowed: $name — FAILED to compile (the control must build):"
        printf '%s\n' "$output" | grep -E '(^|: )error:' | sed 's/^/    /'
        failures=$((failures + 1))
    fi
}

for snippet in "${allowed[@]}"; do
    check_control "$snippet" "allowed/$(basename "$snippet")"
done

for snippet in "${forbidden[@]}"; do
    name="$(basename "$snippet")"
    if output="$(compile "$snippet")"; then
        echo "forbidden: $name — COMPILED (it must be rejected)"
        failures=$((failures + 1))
        continue
    fi
    errors="$(printf '%s\n' "$output" | grep -E '(^|: )error:' || true)"
    first="$(printf '%s\n' "$errors" | head -n 1 | sed -E 's/^.*error: //')"
    unrelated="$(printf '%s\n' "$errors" | grep -vE "$reason" || true)"
    if [[ -z "$errors" || -n "$unrelated" ]]; then
        echo "forbidden: $name — rejected, but not (only) for sending:"
        printf '%s\n' "${unrelated:-$output}" | sed 's/^/    /'
        failures=$((failures + 1))
    else
        echo "forbidden: $name — rejected: $first"
    fi
done

# Misuse that types cannot forbid by Sendable alone, rejected with a message that says what to write
# instead: each snippet's first line is `// expected error: REGEX`, which some error line must match.
# The controls in misuse-snippets/allowed/ must compile.
misuse=(.ci/misuse-snippets/*.swift)
misuseAllowed=(.ci/misuse-snippets/allowed/*.swift)
for snippet in "${misuseAllowed[@]}"; do
    check_control "$snippet" "misuse-snippets/allowed/$(basename "$snippet")"
done
for snippet in "${misuse[@]}"; do
    name="misuse-snippets/$(basename "$snippet")"
    expected="$(head -n 1 "$snippet" | sed -nE 's|^// expected error: ||p')"
    if [[ -z "$expected" ]]; then
        echo "misuse: $name — has no '// expected error: REGEX' first line"
        failures=$((failures + 1))
    elif output="$(compile "$snippet")"; then
        echo "misuse: $name — COMPILED (it must be rejected)"
        failures=$((failures + 1))
    elif printf '%s\n' "$output" | grep -E '(^|: )error:' | grep -qE "$expected"; then
        echo "misuse: $name — rejected with the expected message"
    else
        echo "misuse: $name — rejected, but without an error matching /$expected/:"
        printf '%s\n' "$output" | grep -E '(^|: )error:' | sed 's/^/    /'
        failures=$((failures + 1))
    fi
done

if ((failures > 0)); then
    echo "$failures snippet(s) did not behave as expected" >&2
    exit 1
fi
echo "all ${#forbidden[@]} forbidden snippets rejected, ${#allowed[@]} control(s) compiled;" \
    "${#misuse[@]} misuse snippet(s) rejected as expected, ${#misuseAllowed[@]} control(s) compiled"
