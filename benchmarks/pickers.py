"""How long a large unit picker takes to render: Django's own Select (a template include per
option) beside Tryghed's picker (options written in Python, core/pickers.py `options_html`),
with the same choices: 13 groups of 100 units, as in a municipality of ~1,300 units.

    uv run python benchmarks/pickers.py [--groups 13] [--per-group 100]

Prints the best of five rounds of ten renders each, in milliseconds per render, in this process.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tryghed.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-" + "x" * 50)
os.environ.setdefault("DEBUG", "true")  # static() without a collected manifest

import django

django.setup()

from django import forms  # noqa: E402

from tryghed.core.pickers import SEPARATOR, PathSelect  # noqa: E402


def per_render(widget, rounds=5, renders=10):
    for _ in range(3):
        widget.render("unit", "512")
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(renders):
            html = widget.render("unit", "512")
        best = min(best, (time.perf_counter() - start) / renders)
    return best * 1000, html.count("<option")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--groups", type=int, default=13)
    parser.add_argument("--per-group", type=int, default=100)
    args = parser.parse_args()
    choices = [("", "---------")] + [
        (
            f"Center {g}",
            [
                (str(g * args.per_group + i), f"Center {g}{SEPARATOR}Afsnit {i} Æblehaven")
                for i in range(args.per_group)
            ],
        )
        for g in range(args.groups)
    ]
    for name, widget in [
        ("Django's Select", forms.Select(choices=choices)),
        ("Tryghed's picker", PathSelect(choices=choices)),
    ]:
        ms, options = per_render(widget)
        print(f"{name:18} {ms:6.1f} ms per render, {options} options")


if __name__ == "__main__":
    main()
