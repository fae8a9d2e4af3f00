"""Print the shape of the code in tryghed/ and fail when it has grown out of the house style.

Run from anywhere: `uv run python scripts/code_shape.py`. It prints the median and the 90th
percentile of function length, and the longest modules; it exits 1 when the median passes
8 lines, the 90th percentile 25 lines, or a module 800 lines (docs/architecture.md, "Layers").

A function's length is the lines of its body, from the line after the signature to its last
line, docstring included: what a reader scrolls through. Every function and method counts on
its own, nested ones too. Migrations are generated and left out.
"""

import ast
import statistics
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "tryghed"
MAX_MEDIAN = 8
MAX_P90 = 25
MAX_MODULE_LINES = 800
SHOWN_MODULES = 5


def modules():
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def function_lengths(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node.body[-1].end_lineno - node.body[0].lineno + 1


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main():
    lengths, sizes = [], {}
    for path in modules():
        text = path.read_text(encoding="utf-8")
        lengths.extend(function_lengths(ast.parse(text, filename=str(path))))
        sizes[path.relative_to(PACKAGE.parent)] = len(text.splitlines())
    median, p90 = statistics.median(lengths), percentile(lengths, 0.9)
    print(f"functions: {len(lengths)}, median {median:g} lines, p90 {p90} lines")
    longest = sorted(sizes.items(), key=lambda item: -item[1])
    print("longest modules:")
    for path, size in longest[:SHOWN_MODULES]:
        print(f"  {size:5} {path}")
    problems = [f"median {median:g} > {MAX_MEDIAN}"] * (median > MAX_MEDIAN)
    problems += [f"p90 {p90} > {MAX_P90}"] * (p90 > MAX_P90)
    problems += [
        f"{path}: {size} lines > {MAX_MODULE_LINES}"
        for path, size in longest
        if size > MAX_MODULE_LINES
    ]
    for problem in problems:
        print(f"too large: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
