#!/usr/bin/env bash
# Runs the Swift suite (release; wall clock, then malloc counts and memory) and the CPython script,
# and writes one Markdown table, Benchmarks/RESULTS.md: swift-weakref vs the hand-written baselines
# vs CPython's weakref, with the targets of issue 12.
#
#   Benchmarks/compare.sh            # the full run (about 5 minutes on 2 cores, plus 2 for a first build)
#   Benchmarks/compare.sh --quick    # smoke-sized runs, to check the pipeline (numbers meaningless)
#   Benchmarks/compare.sh --reuse    # rebuild RESULTS.md from the last run's raw data
#
# Raw data goes to Benchmarks/.build/compare/ (ignored by git).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

quick=0
reuse=0
for argument in "$@"; do
    case "$argument" in
    --quick) quick=1 ;;
    --reuse) reuse=1 ;;
    -h | --help)
        sed -n '2,10p' "${BASH_SOURCE[0]}"
        exit 0
        ;;
    *)
        echo "compare.sh: unknown option '$argument'" >&2
        exit 2
        ;;
    esac
done

raw=.build/compare
mkdir -p "$raw"

run_swift() { # $1: metrics group, $2: output file
    local group=$1 output=$2
    local smoke=0
    if [ "$quick" = 1 ]; then smoke=1; fi
    echo "compare.sh: swift suite, group '$group'..." >&2
    # --path stdout prints the influx CSV (p0…p100 of each metric, raw per-iteration values).
    WEAKREF_BENCH_METRICS=$group WEAKREF_BENCH_SMOKE=$smoke \
        swift package --package-path . benchmark run \
        --format influx --path stdout --no-progress >"$output.log" 2>&1 || {
        tail -40 "$output.log" >&2
        echo "compare.sh: the swift suite failed (log: Benchmarks/$output.log)" >&2
        exit 1
    }
    grep '^WeakrefBenchmarks,' "$output.log" >"$output"
}

if [ "$reuse" = 0 ]; then
    run_swift time "$raw/time.csv"
    run_swift malloc "$raw/malloc.csv"
    echo "compare.sh: CPython..." >&2
    python_flags=()
    if [ "$quick" = 1 ]; then python_flags+=(--quick); fi
    python3 cpython/weakref_bench.py "${python_flags[@]}" >"$raw/cpython.tsv"
    {
        echo "cpus	$(nproc)"
        echo "cpu	$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
        echo "memory	$(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
        echo "kernel	$(uname -sr)"
        echo "swift	$(swift --version 2>&1 | grep -m1 'Swift version')"
        echo "python	$(python3 --version 2>&1)"
        echo "date	$(date -u '+%Y-%m-%d %H:%M UTC')"
        echo "commit	$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- ../Sources 2>/dev/null || echo ' + uncommitted changes to Sources/')"
        echo "quick	$quick"
    } >"$raw/machine.tsv"
fi

for file in time.csv malloc.csv cpython.tsv machine.tsv; do
    if [ ! -s "$raw/$file" ]; then
        echo "compare.sh: missing $raw/$file (run without --reuse first)" >&2
        exit 1
    fi
done

python3 - "$raw" >RESULTS.md <<'PY'
import csv
import os
import sys

raw = sys.argv[1]


def load_influx(path):
    """{(benchmark, metric): {percentile: value}} from package-benchmark's influx export."""
    table = {}
    with open(path, newline="") as handle:
        for row in csv.reader(handle):
            if len(row) < 11:
                continue
            metric, test, percentile, value = row[6], row[8], row[9], row[10]
            table.setdefault((test, metric), {})[float(percentile)] = float(value)
    return table


time = load_influx(f"{raw}/time.csv")
malloc = load_influx(f"{raw}/malloc.csv")
cpython = {}
with open(f"{raw}/cpython.tsv") as handle:
    for line in handle:
        if line.startswith("#") or not line.strip():
            continue
        name, value, _unit = line.rstrip("\n").split("\t")
        cpython[name] = float(value)
machine = dict(line.rstrip("\n").split("\t", 1) for line in open(f"{raw}/machine.tsv"))

missing = []


def median(table, benchmark, metric):
    if benchmark is None:
        return None
    values = table.get((benchmark, metric))
    if values is None:
        missing.append(f"{benchmark} [{metric}]")
        return None
    return values.get(50.0)


def ns_per_op(benchmark, ops):
    value = median(time, benchmark, "Time(wallclock)")
    return None if value is None else value / ops


def allocs_per_op(benchmark, ops):
    value = median(malloc, benchmark, "Malloc(total)")
    return None if value is None else value / ops


def py(key):
    if key is None:
        return None
    if key not in cpython:
        missing.append(f"cpython {key}")
    return cpython.get(key)


def number(value, digits=None):
    if value is None:
        return "—"
    if digits is None:
        digits = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2
    return f"{value:,.{digits}f}"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "—"
    return f"{a / b:.2f}×"


# Targets (issue 12, which tightened issue 4's; rows issue 12 does not name keep issue 4's). Each returns
# (text, verdict or None); s, b, c: swift-weakref, baseline, CPython; a: swift-weakref's allocations per op.
def vs_base(limit, extra_text="", extra=lambda s, b, c, a: True):
    def check(s, b, c, a):
        # As many decimals as the limit has (1.05 must not print as 1.1).
        text = f"≤{limit:g}× base" if limit != int(limit) else f"≤{limit:.1f}× base"
        text += extra_text
        return text, None if s is None or b is None else s <= limit * b and extra(s, b, c, a)
    return check


def lookup_miss(s, b, c, a):  # issue 4's target (issue 12 names no miss row)
    ok = None if s is None or b is None else s <= 1.3 * b and (c is None or s < c) and (a is None or a < 0.01)
    return "≤1.3× base, < CPython, 0 allocs", ok


# "0 allocs beyond amortized growth": the arrays' growth, spread over the operations, stays far below one.
no_allocs = vs_base(1.0, ", 0 allocs", lambda s, b, c, a: a is None or a < 0.05)
lookup_hit = vs_base(1.0, ", 0 allocs", lambda s, b, c, a: a is None or a < 0.01)


def iterate(size):
    # allocations: the snapshot buffer only, i.e. at most one per pass over `size` elements
    return vs_base(1.05, ", 1 alloc per pass", lambda s, b, c, a: a is None or a * size <= 1.01)


def insert(tier):
    return no_allocs if tier == "collected" else vs_base(1.3)


def churn(tier):
    return vs_base(1.0 if tier == "collected" else 1.3)


def vs_cpython(s, b, c, a):
    return "≤1.0× CPython", None if s is None or c is None else s <= c


def at_most_ms(limit):
    def check(s, b, c, a):
        return f"max ≤{limit} ms", None if s is None else s[0] <= limit * 1_000_000
    return check


def bounded(s, b, c, a):
    return "bounded (≤64 KiB left, ≤1 MiB peak)", None if s is None else s[0] <= 65_536 and s[1] <= 1_048_576


rows = []


def time_row(label, swift, base, cpy_key, target=None, ops=1_000):
    s, b = ns_per_op(swift, ops), ns_per_op(base, ops)
    sa, ba = allocs_per_op(swift, ops), allocs_per_op(base, ops)
    c = py(cpy_key)
    text, ok = target(s, b, c, sa) if target else ("—", None)
    allocs = "—" if sa is None and ba is None else f"{number(sa)} · {number(ba)}"
    rows.append([label, "ns/op", number(s), number(b), number(c), ratio(s, b), ratio(s, c), allocs, text,
                 "" if ok is None else "✓" if ok else "✗"])


def memory_row(label, swift, base, cpy_key, size, target=None):
    def per_entry(benchmark, metric):
        value = median(malloc, benchmark, metric)
        return None if value is None else value / size
    s, b = per_entry(swift, "retainedBytes"), per_entry(base, "retainedBytes")
    sa, ba = per_entry(swift, "retainedAllocations"), per_entry(base, "retainedAllocations")
    c = py(f"{cpy_key}.bytes") if cpy_key else None
    text, ok = target(s, b, c, None) if target else ("—", None)
    rows.append([label, "bytes/entry", number(s), number(b), number(c), ratio(s, b), ratio(s, c),
                 "—" if sa is None and ba is None else f"{number(sa)} · {number(ba)}", text,
                 "" if ok is None else "✓" if ok else "✗"])


def bounded_row(label, swift, base, cpy_key):
    def pair(benchmark):
        retained = median(malloc, benchmark, "retainedBytes")
        peak = median(malloc, benchmark, "peakHeapBytes")
        return None if retained is None or peak is None else (retained, peak)
    def show(values):
        return "—" if values is None else f"{number(values[0])} · {number(values[1])}"
    s, b = pair(swift), pair(base)
    c = None
    if cpy_key and f"{cpy_key}.retained" in cpython:
        c = (cpython[f"{cpy_key}.retained"], cpython[f"{cpy_key}.peak"])
    text, ok = bounded(s, b, c, None)
    rows.append([label, "bytes left · peak", show(s), show(b), show(c), "—", "—", "—", text,
                 "" if ok is None else "✓" if ok else "✗"])


def pause_row(label, swift, target):
    maximum = median(time, swift, "pauseMaxNanoseconds")
    p99 = median(time, swift, "pauseP99Nanoseconds")
    s = None if maximum is None or p99 is None else (maximum, p99)
    text, ok = target(s, None, None, None)
    shown = "—" if s is None else f"{number(s[0] / 1_000)} · {number(s[1] / 1_000)}"
    rows.append([label, "µs max · p99", shown, "—", "—", "—", "—", "—", text,
                 "" if ok is None else "✓" if ok else "✗"])


def section(title):
    rows.append([f"**{title}**"] + [""] * 9)


WVD, WKD, WS = "WeakValueDictionary", "WeakKeyDictionary", "WeakSet"
B_INT = "Baseline Dictionary<Int:WeakBox>"
B_PAIR = "Baseline Dictionary<ObjectIdentifier:WeakBox&value>"
B_SET = "Baseline Dictionary<ObjectIdentifier:WeakBox>"
TIERS = ("collected", "prompt")

section("References")
time_row("weak load: `WeakReference()` vs `weak var` vs `r()`", "WeakReference load 1 collected",
         "Baseline weak-var load 1 collected", "ref.load", ops=1_000)
time_row("weak load, prompt-tier object", "WeakReference load 1 prompt",
         "Baseline weak-var load 1 collected", "ref.load")
for tier in TIERS:
    time_row(f"WeakReference create + load + drop ({tier})", f"WeakReference create-load-drop 1k {tier}",
             f"Baseline WeakBox create-load-drop 1k {tier}", "ref.create-load-drop",
             vs_base(2.0 if tier == "collected" else 1.5))
for tier in TIERS:
    time_row(f"WeakReference with callback: create + load + drop ({tier})",
             f"WeakReference callback-create-load-drop 1k {tier}",
             f"Baseline WeakBox create-load-drop 1k {tier}", "ref.callback-create-load-drop")

section("Deaths and finalizers (per object; baseline: a closure run by the object's deinit)")
time_row("death with one callback (prompt)", "WeakReference death-callback 1k prompt",
         "Baseline deinit-closure death-callback 1k collected", "ref.death-callback", vs_base(1.2))
time_row("death with one callback (collected, incl. `collect()`)", "WeakReference death-callback 1k collected",
         "Baseline deinit-closure death-callback 1k collected", "ref.death-callback")
for tier in ("prompt", "collected"):
    time_row(f"Finalizer create + trigger by death ({tier})", f"Finalizer create-trigger 1k {tier}",
             "Baseline deinit-closure create-trigger 1k collected", "finalize.create-trigger",
             vs_base(2.0 if tier == "collected" else 1.5))
for tier in TIERS:
    time_row(f"Finalizer create + explicit call ({tier})", f"Finalizer create-call 1k {tier}", None,
             "finalize.create-call")
time_row("floor: an object's death alone", None, "Baseline plain death 1k collected", "plain.death")
time_row("`Collector.collect()` over 100k dead referents, per referent (CPython: the deaths)",
         "Collector collect 100k-dead collected", None, "collect.100k-dead", vs_cpython, ops=100_000)
time_row("`Collector.collect()` over 100k live referents, per referent (CPython: `gc.collect()`)",
         "Collector collect 100k-live collected", None, "collect.100k-live", vs_cpython, ops=100_000)
pause_row("automatic collection: longest registration while growing to 1,000,000 collected-tier referents",
          "Collector automatic-pause grow-to-" + ("10k" if machine.get("quick") == "1" else "1000k") + " collected",
          at_most_ms(1))

for size in ("1k", "100k"):
    size_n = 1_000 if size == "1k" else 100_000
    iterate_ops = 1_000 if size == "1k" else 1_000_000
    section(f"Collections, {size} entries (lookups in random order)")
    time_row(f"WVD get hit {size}", f"{WVD} get-hit {size} collected", f"{B_INT} get-hit {size} collected",
             f"wvd.get-hit.{size}", lookup_hit)
    time_row(f"WVD get miss {size}", f"{WVD} get-miss {size} collected", f"{B_INT} get-miss {size} collected",
             f"wvd.get-miss.{size}", lookup_miss)
    time_row(f"floor: strong `[Int: Object]` get hit {size}", None,
             f"Baseline strong Dictionary<Int:Object> get-hit {size} collected", None)
    for tier in TIERS:
        time_row(f"WVD insert {size} ({tier})", f"{WVD} insert {size} {tier}", f"{B_INT} insert {size} {tier}",
                 f"wvd.insert.{size}", insert(tier))
    for tier in TIERS:
        time_row(f"WVD overwrite {size} ({tier})", f"{WVD} overwrite {size} {tier}",
                 f"{B_INT} overwrite {size} {tier}", f"wvd.overwrite.{size}", vs_base(1.1))
    for tier in TIERS:
        time_row(f"WVD remove {size} ({tier})", f"{WVD} remove {size} {tier}", f"{B_INT} remove {size} {tier}",
                 f"wvd.remove.{size}", vs_base(1.1))
    for tier in TIERS:
        time_row(f"WVD churn: insert + die + purge {size} ({tier})", f"{WVD} churn {size} {tier}",
                 f"{B_INT} churn {size} {tier}", f"wvd.churn.{size}", churn(tier))
    time_row(f"WVD iterate {size}, per element", f"{WVD} iterate {size} collected",
             f"Baseline Array<WeakBox> iterate {size} collected", f"wvd.iterate.{size}", iterate(size_n),
             ops=iterate_ops)
    time_row(f"WKD get hit {size}", f"{WKD} get-hit {size} collected", f"{B_PAIR} get-hit {size} collected",
             f"wkd.get-hit.{size}", lookup_hit)
    for tier in TIERS:
        time_row(f"WKD insert {size} ({tier})", f"{WKD} insert {size} {tier}", f"{B_PAIR} insert {size} {tier}",
                 f"wkd.insert.{size}", insert(tier))
    for tier in TIERS:
        time_row(f"WKD churn {size} ({tier})", f"{WKD} churn {size} {tier}", f"{B_PAIR} churn {size} {tier}",
                 f"wkd.churn.{size}", churn(tier))
    time_row(f"WeakSet contains hit {size}", f"{WS} contains-hit {size} collected",
             f"{B_SET} contains-hit {size} collected", f"set.contains-hit.{size}", lookup_hit)
    time_row(f"WeakSet contains miss {size}", f"{WS} contains-miss {size} collected",
             f"{B_SET} contains-miss {size} collected", f"set.contains-miss.{size}", lookup_miss)
    time_row(f"floor: strong `Set<ObjectIdentifier>` contains {size}", None,
             f"Baseline strong Set<ObjectIdentifier> contains-hit {size} collected", None)
    for tier in TIERS:
        time_row(f"WeakSet insert {size} ({tier})", f"{WS} insert {size} {tier}", f"{B_SET} insert {size} {tier}",
                 f"set.insert.{size}", insert(tier))
    time_row(f"WeakSet iterate {size}, per element", f"{WS} iterate {size} collected",
             f"Baseline Array<WeakBox> iterate {size} collected", f"set.iterate.{size}", iterate(size_n),
             ops=iterate_ops)
    for tier in TIERS:
        time_row(f"WeakSet churn {size} ({tier})", f"{WS} churn {size} {tier}", f"{B_SET} churn {size} {tier}",
                 f"set.churn.{size}", churn(tier))
    for threads in ("two", "four"):
        time_row(f"{threads} threads, mixed get/set on one WVD {size} (wall time per op; baseline: "
                 "`Mutex<[Int: WeakBox]>`)",
                 f"{WVD} {threads}-threads get-set {size} collected",
                 f"Baseline Mutex<Dictionary<Int:WeakBox>> {threads}-threads get-set {size} collected",
                 f"wvd.two-threads.{size}" if threads == "two" else None, vs_base(1.1), ops=1_000_000)

section("Memory (retained after building; allocs column: retained blocks per entry)")
for size in ("1k", "100k"):
    size_n = 1_000 if size == "1k" else 100_000
    for tier in TIERS:
        entry = vs_base(1.0 if tier == "collected" else 1.5)
        memory_row(f"WeakValueDictionary {size} ({tier})", f"Memory {WVD} build {size} {tier}",
                   f"Memory {B_INT} build {size} collected", f"mem.wvd.build.{size}", size_n, entry)
        memory_row(f"WeakKeyDictionary {size} ({tier})", f"Memory {WKD} build {size} {tier}",
                   f"Memory {B_PAIR} build {size} collected", f"mem.wkd.build.{size}", size_n, entry)
        memory_row(f"WeakSet {size} ({tier})", f"Memory {WS} build {size} {tier}",
                   f"Memory {B_SET} build {size} collected", f"mem.set.build.{size}", size_n, entry)
        memory_row(f"WeakReference ×{size} ({tier}; baseline `[WeakBox]`)", f"Memory WeakReference build {size} {tier}",
                   f"Memory Baseline Array<WeakBox> build {size} collected", f"mem.refs.build.{size}", size_n,
                   vs_base(3.0 if tier == "collected" else 2.0))
    memory_row(f"floor: strong `[Int: Object]` {size}", None,
               f"Memory Baseline strong Dictionary<Int:Object> build {size} collected", f"mem.dict.build.{size}", size_n)
section("Bounded memory: heap left / peak over 1,000,000 insert-and-die cycles into an empty collection")
for tier in TIERS:
    bounded_row(f"WeakValueDictionary ({tier})", f"Memory {WVD} insert-die 1M {tier}",
                f"Memory {B_INT} insert-die 1M {tier}", "mem.wvd.insert-die.1M")
    bounded_row(f"WeakKeyDictionary ({tier})", f"Memory {WKD} insert-die 1M {tier}", None,
                "mem.wkd.insert-die.1M")
    bounded_row(f"WeakSet ({tier})", f"Memory {WS} insert-die 1M {tier}",
                f"Memory {B_SET} insert-die 1M {tier}", "mem.set.insert-die.1M")

header = ["Operation", "Unit", "swift-weakref", "hand-written baseline", "CPython", "÷ baseline",
          "÷ CPython", "allocs/op (swift · baseline)", "Target (issue 12)", "Met"]

print("# swift-weakref benchmark results")
print()
if machine.get("quick") == "1":
    print("> **Quick (smoke) run: few iterations, small counts — these numbers mean nothing.**")
    print()
print(f"- Machine: {machine['cpus']} CPUs, {machine['cpu']}, {machine['memory']}, {machine['kernel']}")
print(f"- {machine['swift']}; {machine['python']}")
print(f"- Date: {machine['date']}; commit {machine['commit']}")
print("- Medians of one run of each, all in the same session (`Benchmarks/compare.sh`). Swift: package-benchmark")
print("  1.38.1, release, wall clock only (allocation counts from a second run with the malloc interposer counting).")
print("  CPython: `timeit`, batches of 1,000 operations (its loop overhead included), `tracemalloc` for memory.")
print("- Baselines: `final class WeakBox { weak var value: AnyObject? }` in `[Int: WeakBox]`,")
print("  `[ObjectIdentifier: WeakBox]` / `[ObjectIdentifier: (WeakBox, value)]` with an `===` check, `[WeakBox]`,")
print("  each purging dead boxes lazily (a scan when the dictionary doubled); floors are strong collections.")
print("- Objects in the collections have their weak side table already (Swift's, created at the first weak")
print("  reference), except in churn. `÷` columns: swift-weakref divided by the other (lower is better).")
print("  At 100k entries random lookups are memory-bound and vary 2–3× between processes.")
print()
print("| " + " | ".join(header) + " |")
print("|" + "|".join(["---"] + ["---"] + ["---:"] * 6 + ["---", ":-:"]) + "|")
for row in rows:
    print("| " + " | ".join(row) + " |")
if missing:
    print()
    print("Not measured in this run: " + "; ".join(sorted(set(missing))))
# Measurements made once, by hand, that this script does not repeat (e.g. the lock kind).
extra = "LockKinds.md"  # beside this script, which runs in Benchmarks/
if os.path.exists(extra):
    print()
    with open(extra) as section:
        print(section.read().rstrip())
PY
echo "compare.sh: wrote Benchmarks/RESULTS.md" >&2
