#!/usr/bin/env bash
# Documentation check: builds the symbol graphs of the library targets, converts the DocC catalog of
# each (Weakref, WeakrefDiagnostics, WeakrefTesting) with warnings as errors, fails if a page is listed
# twice in the sidebar, and fails if a public symbol has no doc comment of its own, no summary or
# no code example. Run from anywhere; uses its own scratch path (.build-docs).
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=.build-docs
graphs="$PWD/$scratch/symbol-graphs"  # swiftc needs an absolute path
modules=(Weakref WeakrefDiagnostics WeakrefTesting)
docc="${DOCC:-$(command -v docc || echo "$(dirname "$(command -v swift)")/docc")}"

step() { printf '\n=== %s\n' "$*"; }

step "symbol graphs (${modules[*]})"
# The graphs are written when a module compiles: keep the folder between runs (an up-to-date module
# is not recompiled), and start from a clean build when one is missing.
for module in "${modules[@]}"; do
    if [[ ! -f "$graphs/$module.symbols.json" ]]; then
        rm -rf "$scratch"
        break
    fi
done
mkdir -p "$graphs"
for module in "${modules[@]}"; do
    swift build --scratch-path "$scratch" --target "$module" \
        -Xswiftc -emit-symbol-graph -Xswiftc -emit-symbol-graph-dir -Xswiftc "$graphs"
done

# One folder per catalog: a module's own graph plus its extensions of other modules (Module@Other).
for module in "${modules[@]}"; do
    rm -rf "$scratch/graphs-$module"
    mkdir -p "$scratch/graphs-$module"
    cp "$graphs/$module.symbols.json" "$scratch/graphs-$module/"
    for extension in "$graphs/$module@"*.symbols.json; do
        if [[ -e "$extension" ]]; then cp "$extension" "$scratch/graphs-$module/"; fi
    done
done

step "DocC (warnings are errors)"
for module in "${modules[@]}"; do
    catalog="Sources/$module/$module.docc"
    arguments=(--additional-symbol-graph-dir "$scratch/graphs-$module" --output-path "$scratch/docc-$module"
        --warnings-as-errors --analyze)
    # Every library has a catalog (landing page, abstract, topics): a missing one is an error, not a
    # fallback to the doc comments alone, which would publish a module page without an overview.
    if [[ ! -d "$catalog" ]]; then
        echo "error: $module has no DocC catalog at $catalog" >&2
        exit 1
    fi
    "$docc" convert "$catalog" "${arguments[@]}"
done

step "no page appears twice in a sidebar"
# DocC lists a page under every Topics group that curates it, so a page curated twice shows twice in the
# navigator (and in a site combined with `docc merge`). Curate each page once.
python3 - "$scratch" "${modules[@]}" <<'PYTHON'
import collections, json, sys
from pathlib import Path

scratch, modules = Path(sys.argv[1]), sys.argv[2:]
failed = False
for module in modules:
    index = json.loads((scratch / f"docc-{module}" / "index" / "index.json").read_text())
    paths = []

    def walk(nodes):
        for node in nodes:
            if "path" in node:
                paths.append(node["path"])
            walk(node.get("children", []))

    for roots in index["interfaceLanguages"].values():
        walk(roots)
    twice = sorted(path for path, count in collections.Counter(paths).items() if count > 1)
    print(f"{module}: {len(paths)} sidebar entries, {len(twice)} listed more than once")
    for path in twice:
        print(f"  {path}", file=sys.stderr)
    failed = failed or bool(twice)
if failed:
    sys.exit("a page is curated in more than one Topics group")
PYTHON

step "every public symbol has a doc comment with a summary and an example"
python3 - "$scratch" "${modules[@]}" <<'PYTHON'
import json, sys
from pathlib import Path

scratch, modules = Path(sys.argv[1]), sys.argv[2:]
problems, checked, skipped = [], 0, {}

def skip(reason, symbol):
    skipped.setdefault(reason, []).append(".".join(symbol["pathComponents"]))

for module in modules:
    for path in sorted((scratch / f"graphs-{module}").glob("*.symbols.json")):
        graph = json.loads(path.read_text())
        for symbol in graph["symbols"]:
            if symbol["accessLevel"] not in ("public", "open"):
                continue
            name = ".".join(symbol["pathComponents"])
            # Members a type gets from another module's protocol extension (Sequence.map, Equatable's
            # `!=`, …): the graph lists them under our type with the `::SYNTHESIZED::` suffix and
            # the other module's documentation, or none (Sequence.flatMap, which is deprecated).
            if "::SYNTHESIZED::" in symbol["identifier"]["precise"]:
                skip("inherited from another module's protocol extension", symbol)
                continue
            # Declarations without a source location are the compiler's (implicit members); none
            # occur today, but they cannot carry a doc comment.
            if "location" not in symbol:
                skip("compiler-generated, no source location", symbol)
                continue
            if symbol["kind"]["identifier"] == "swift.extension":
                skip("extension block", symbol)
                continue
            checked += 1
            where = symbol["location"]["uri"].removeprefix("file://")
            where = f"{Path(where).relative_to(Path.cwd()) if Path(where).is_relative_to(Path.cwd()) else where}:{symbol['location']['position']['line'] + 1}"
            comment = symbol.get("docComment")
            # An undocumented implementation of another module's protocol requirement (e.g. a bare
            # `description`) inherits that requirement's comment: it names the other module.
            if comment is None or comment.get("module", module) != graph["module"]["name"]:
                problems.append(f"{where}: {name}: no doc comment")
                continue
            # A comment inherited from a requirement of this module's own protocol points elsewhere.
            if comment.get("uri", symbol["location"]["uri"]) != symbol["location"]["uri"]:
                problems.append(f"{where}: {name}: no doc comment (inherits {comment['uri']})")
                continue
            lines = [line["text"] for line in comment["lines"]]
            if not lines or not lines[0].strip():
                problems.append(f"{where}: {name}: the doc comment has no summary line")
            if not any(line.strip().startswith("```") for line in lines):
                problems.append(f"{where}: {name}: the doc comment has no code example")

for reason, names in skipped.items():
    print(f"skipped {len(names)} ({reason})")
print(f"checked {checked} public symbols of {', '.join(modules)}")
if problems:
    print("\n".join(problems), file=sys.stderr)
    sys.exit(f"{len(problems)} documentation problem(s)")
PYTHON
