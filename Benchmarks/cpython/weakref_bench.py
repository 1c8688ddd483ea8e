#!/usr/bin/env python3
"""CPython's weakref, measured on the operations of the Swift suite (Benchmarks/Benchmarks/WeakrefBenchmarks).

Prints one line per row: ``name<TAB>value<TAB>unit``, where unit is ``ns/op`` (median over repeats, per
operation), ``bytes/entry``, ``blocks/entry`` or ``bytes``. compare.sh matches the names. Timings use
``timeit`` (which turns the cyclic GC off while timing, as usual); memory uses ``tracemalloc``.

Each timed statement does a batch of operations (1,000 unless said otherwise), as the Swift
benchmarks do per iteration, so the figure includes CPython's own loop overhead (~10 ns per
iteration), which is what Python code pays too. Lookups walk a shuffled order of the keys.

    python3 Benchmarks/cpython/weakref_bench.py            # every row
    python3 Benchmarks/cpython/weakref_bench.py --quick    # few repeats (smoke)
    python3 Benchmarks/cpython/weakref_bench.py --filter wvd.
"""

import argparse
import gc
import random
import statistics
import sys
import threading
import time
import timeit
import tracemalloc
import weakref

BATCH = 1_000
SIZES = (1_000, 100_000)


class Plain:
    """The object stored in the collections (a plain class: it has __dict__ and __weakref__)."""

    __slots__ = ("id", "__weakref__")

    def __init__(self, id):
        self.id = id


def noop_callback(_reference):
    pass


def noop():
    pass


def size_label(size):
    return f"{size // 1000}k"


class Runner:
    def __init__(self, quick, pattern):
        self.repeat = 5 if quick else 41
        self.quick = quick
        self.pattern = pattern

    def wanted(self, name):
        return self.pattern is None or self.pattern in name

    def emit(self, name, value, unit="ns/op"):
        print(f"{name}\t{value:.3f}\t{unit}", flush=True)

    def time(self, name, stmt, setup="pass", namespace=None, ops=BATCH, number=1, repeat=None):
        """Median over repeats of one timed run of `stmt` (`number` times), per operation, in ns."""
        if not self.wanted(name):
            return
        timer = timeit.Timer(stmt, setup, globals=namespace if namespace is not None else {})
        runs = timer.repeat(repeat=repeat or self.repeat, number=number)
        self.emit(name, statistics.median(runs) / (number * ops) * 1e9)


def shuffled(count, seed=0x5EED):
    order = list(range(count))
    random.Random(seed + count).shuffle(order)
    return order


class Chunks:
    """Successive 1,000-key chunks of a shuffled order, one per timed run."""

    def __init__(self, order):
        self.order = order
        self.position = 0
        self.calls = 0

    def next(self):
        start = self.position
        self.position = (self.position + BATCH) % len(self.order)
        self.calls += 1
        return self.order[start:start + BATCH]

    def passes(self):
        """How many times the whole order has been walked before the chunk last returned."""
        return (self.calls - 1) // (len(self.order) // BATCH)


# ---------------------------------------------------------------------------------------------------
# Loads and references


def references(run):
    obj = Plain(0)
    ref = weakref.ref(obj)
    run.time("ref.load", "r()", namespace={"r": ref}, ops=1, number=1_000_000, repeat=min(run.repeat, 7))
    dead = weakref.ref(Plain(1))
    run.time("ref.load-dead", "r()", namespace={"r": dead}, ops=1, number=1_000_000,
             repeat=min(run.repeat, 7))

    objects = [Plain(i) for i in range(BATCH)]
    ns = {"objects": objects, "ref": weakref.ref, "cb": noop_callback}
    run.time("ref.create-load-drop", "for o in objects: ref(o)()", namespace=ns)
    run.time("ref.callback-create-load-drop", "for o in objects: ref(o, cb)()", namespace=ns)

    # Deaths with one callback each: untimed set-up of 1,000 objects with a reference each; timed: the
    # objects die (CPython runs the callbacks at once).
    setup = "objects = [Plain(i) for i in range(1000)]\nrefs = [ref(o, cb) for o in objects]"
    ns = {"Plain": Plain, "ref": weakref.ref, "cb": noop_callback}
    run.time("ref.death-callback", "objects.clear()", setup=setup, namespace=ns)
    run.time("plain.death", "objects.clear()", setup="objects = [Plain(i) for i in range(1000)]",
             namespace=ns)

    # finalize: create one per object, then the objects die and run them.
    ns = {"Plain": Plain, "finalize": weakref.finalize, "f": noop}
    run.time(
        "finalize.create-trigger",
        "for o in objects: finalize(o, f)\ndel o\nobjects.clear()",
        setup="objects = [Plain(i) for i in range(1000)]",
        namespace=ns,
    )
    objects = [Plain(i) for i in range(BATCH)]
    ns = {"objects": objects, "finalize": weakref.finalize, "f": noop}
    run.time("finalize.create-call", "for o in objects: finalize(o, f)()", namespace=ns)

    # The counterpart of Collector.collect() over 100,000 dead referents: CPython delivers the
    # callbacks at the deaths themselves, so this times the 100,000 deaths with their callbacks.
    count = 10_000 if run.quick else 100_000
    ns = {"Plain": Plain, "ref": weakref.ref, "cb": noop_callback, "count": count}
    run.time(
        "collect.100k-dead",
        "objects.clear()",
        setup="objects = [Plain(i) for i in range(count)]\nrefs = [ref(o, cb) for o in objects]",
        namespace=ns,
        ops=count,
        repeat=min(run.repeat, 11),
    )
    # A gc.collect() with 100,000 live objects that each have a reference with a callback.
    objects = [Plain(i) for i in range(count)]
    refs = [weakref.ref(o, noop_callback) for o in objects]
    run.time("collect.100k-live", "gc.collect()", namespace={"gc": gc}, ops=count,
             repeat=min(run.repeat, 11))
    del objects, refs


# ---------------------------------------------------------------------------------------------------
# WeakValueDictionary


def value_dictionary(run, size):
    label = size_label(size)
    objects = [Plain(i) for i in range(size)]
    others = [Plain(size + 1000 + i) for i in range(size)]
    fresh = [Plain(size + i) for i in range(BATCH)]
    d = weakref.WeakValueDictionary()
    for key, obj in enumerate(objects):
        d[key] = obj
    chunks = Chunks(shuffled(size))
    ns = {"d": d, "chunks": chunks, "objects": objects, "others": others, "size": size,
          "fresh": list(enumerate(fresh, start=size)), "state": {"pass": 0}}

    run.time(f"wvd.get-hit.{label}", "for k in keys: d[k]", setup="keys = chunks.next()", namespace=ns)
    run.time(f"wvd.get-miss.{label}", "for k in keys: d.get(k)",
             setup="keys = [size + k for k in chunks.next()]", namespace=ns)
    run.time(
        f"wvd.insert.{label}",
        "for k, o in fresh: d[k] = o",
        setup="for k, o in fresh: d.pop(k, None)",
        namespace=ns,
    )
    run.time(
        f"wvd.overwrite.{label}",
        "for k in keys: d[k] = source[k]",
        setup="keys = chunks.next()\nsource = others if chunks.passes() % 2 == 0 else objects",
        namespace=ns,
    )
    run.time(
        f"wvd.remove.{label}",
        "for k in keys: del d[k]",
        setup=(
            "for k in state.get('removed', ()): d[k] = objects[k]\n"
            "keys = chunks.next()\nstate['removed'] = keys"
        ),
        namespace=ns,
    )
    # put back what remove took out (the timed runs removed `repeat` chunks)
    for key, obj in enumerate(objects):
        d[key] = obj
    ns["next_key"] = [size * 4]
    run.time(
        f"wvd.churn.{label}",
        "for k in range(start, start + 1000): d[k] = Plain(k)",
        setup="start = next_key[0]\nnext_key[0] += 1000",
        namespace={**ns, "Plain": Plain},
    )
    run.time(f"wvd.iterate.{label}", "for k, o in d.items(): pass", namespace=ns, ops=size,
             repeat=min(run.repeat, 21))
    del d


# ---------------------------------------------------------------------------------------------------
# WeakKeyDictionary


def key_dictionary(run, size):
    label = size_label(size)
    objects = [Plain(i) for i in range(size)]
    fresh = [Plain(size + i) for i in range(BATCH)]
    d = weakref.WeakKeyDictionary()
    for value, obj in enumerate(objects):
        d[obj] = value
    chunks = Chunks(shuffled(size))
    ns = {"d": d, "chunks": chunks, "objects": objects, "fresh": fresh, "Plain": Plain}
    run.time(f"wkd.get-hit.{label}", "for o in keys: d[o]",
             setup="keys = [objects[k] for k in chunks.next()]", namespace=ns)
    run.time(
        f"wkd.insert.{label}",
        "for i, o in enumerate(fresh): d[o] = i",
        setup="for o in fresh: d.pop(o, None)",
        namespace=ns,
    )
    run.time(f"wkd.churn.{label}", "for i in range(1000): d[Plain(i)] = i", namespace=ns)
    del d


# ---------------------------------------------------------------------------------------------------
# WeakSet


def weak_set(run, size):
    label = size_label(size)
    objects = [Plain(i) for i in range(size)]
    others = [Plain(size + 1000 + i) for i in range(size)]
    fresh = [Plain(size + i) for i in range(BATCH)]
    s = weakref.WeakSet(objects)
    chunks = Chunks(shuffled(size))
    ns = {"s": s, "chunks": chunks, "objects": objects, "others": others, "fresh": fresh,
          "Plain": Plain}
    run.time(f"set.contains-hit.{label}", "for o in keys: o in s",
             setup="keys = [objects[k] for k in chunks.next()]", namespace=ns)
    run.time(f"set.contains-miss.{label}", "for o in keys: o in s",
             setup="keys = [others[k] for k in chunks.next()]", namespace=ns)
    run.time(f"set.insert.{label}", "for o in fresh: s.add(o)",
             setup="for o in fresh: s.discard(o)", namespace=ns)
    run.time(f"set.iterate.{label}", "for o in s: pass", namespace=ns, ops=size,
             repeat=min(run.repeat, 21))
    run.time(f"set.churn.{label}", "for i in range(1000): s.add(Plain(i))", namespace=ns)
    del s


# ---------------------------------------------------------------------------------------------------
# Two threads, mixed get/set on one WeakValueDictionary


def two_threads(run, size):
    name = f"wvd.two-threads.{size_label(size)}"
    if not run.wanted(name):
        return
    objects = [Plain(i) for i in range(size)]
    others = [Plain(size + i) for i in range(size)]
    d = weakref.WeakValueDictionary()
    for key, obj in enumerate(objects):
        d[key] = obj
    order = shuffled(size)
    per_thread = 20_000 if run.quick else 100_000

    def work(thread, barrier):
        source = objects if thread == 0 else others
        position = thread * (size // 2)
        barrier.wait()
        for done in range(per_thread):
            key = order[position]
            if done & 1 == 0:
                d.get(key)
            else:
                d[key] = source[key]
            position += 1
            if position == size:
                position = 0

    def once():
        barrier = threading.Barrier(3)
        threads = [threading.Thread(target=work, args=(t, barrier)) for t in range(2)]
        for thread in threads:
            thread.start()
        barrier.wait()
        start = timeit.default_timer()
        for thread in threads:
            thread.join()
        return timeit.default_timer() - start

    gc.disable()
    try:
        runs = [once() for _ in range(3 if run.quick else 7)]
    finally:
        gc.enable()
    run.emit(name, statistics.median(runs) / (2 * per_thread) * 1e9)


# ---------------------------------------------------------------------------------------------------
# Memory


def blocks_between(before, after):
    return sum(stat.count_diff for stat in after.compare_to(before, "filename"))


def memory(run, size):
    label = size_label(size)
    builders = {
        "wvd": lambda objs: weakref.WeakValueDictionary(enumerate(objs)),
        "wkd": lambda objs: weakref.WeakKeyDictionary((o, i) for i, o in enumerate(objs)),
        "set": lambda objs: weakref.WeakSet(objs),
        "refs": lambda objs: [weakref.ref(o) for o in objs],
        "dict": lambda objs: dict(enumerate(objs)),
    }
    for key, build in builders.items():
        name = f"mem.{key}.build.{label}"
        if not run.wanted(name):
            continue
        objects = [Plain(i) for i in range(size)]
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.take_snapshot()
        start_bytes, _ = tracemalloc.get_traced_memory()
        structure = build(objects)
        end_bytes, _ = tracemalloc.get_traced_memory()
        after = tracemalloc.take_snapshot()
        tracemalloc.stop()
        run.emit(name + ".bytes", (end_bytes - start_bytes) / size, "bytes/entry")
        run.emit(name + ".blocks", blocks_between(before, after) / size, "blocks/entry")
        del structure, objects


def insert_and_die(run):
    cycles = 10_000 if run.quick else 1_000_000
    cases = {
        "wvd": (weakref.WeakValueDictionary, lambda c, i: c.__setitem__(i, Plain(i))),
        "wkd": (weakref.WeakKeyDictionary, lambda c, i: c.__setitem__(Plain(i), i)),
        "set": (weakref.WeakSet, lambda c, i: c.add(Plain(i))),
    }
    for key, (make, cycle) in cases.items():
        name = f"mem.{key}.insert-die.1M"
        if not run.wanted(name):
            continue
        structure = make()
        gc.collect()
        tracemalloc.start()
        base, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        for i in range(cycles):
            cycle(structure, i)
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        run.emit(name + ".retained", current - base, "bytes")
        run.emit(name + ".peak", peak - base, "bytes")
        del structure


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few repeats, small counts (smoke)")
    parser.add_argument("--filter", help="only rows whose name contains this")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc rows")
    arguments = parser.parse_args()
    run = Runner(arguments.quick, arguments.filter)

    print(f"# python\t{sys.version.split()[0]}\t{sys.implementation.name}", flush=True)
    references(run)
    for size in SIZES:
        value_dictionary(run, size)
        key_dictionary(run, size)
        weak_set(run, size)
        two_threads(run, size)
    if not arguments.no_memory:
        for size in SIZES:
            memory(run, size)
        insert_and_die(run)


if __name__ == "__main__":
    main()
