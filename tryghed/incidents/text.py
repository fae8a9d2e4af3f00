"""Checks on free text that people type about an episode."""

import re

# ddmmyy-xxxx or ddmmyyxxxx with a plausible day and month: what a CPR number looks like.
CPR_LIKE = re.compile(r"(?<!\d)(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{2}[-\s]?\d{4}(?!\d)")


def looks_like_cpr(text):
    return bool(text) and CPR_LIKE.search(text) is not None
