"""Checks on free text that people type about an episode."""

import re
from urllib.parse import parse_qs, urlsplit

# ddmmyy-xxxx or ddmmyyxxxx with a plausible day and month: what a CPR number looks like.
CPR_LIKE = re.compile(r"(?<!\d)(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{2}[-\s]?\d{4}(?!\d)")


def looks_like_cpr(text):
    return bool(text) and CPR_LIKE.search(text) is not None


# Where a platform's address names a profile: the first part of the path, or the second after
# one of these (linkedin.com/in/…, youtube.com/channel/…).
PROFILE_HOSTS = {
    "facebook.com",
    "fb.com",
    "instagram.com",
    "x.com",
    "twitter.com",
    "tiktok.com",
    "linkedin.com",
    "youtube.com",
}
PROFILE_PREFIXES = {"in", "channel", "c", "user", "company"}
# Paths that are not a profile: groups, posts by id, searches.
NOT_PROFILES = {
    "groups",
    "p",
    "reel",
    "reels",
    "watch",
    "share",
    "story.php",
    "permalink.php",
    "photo.php",
    "photo",
    "events",
    "hashtag",
    "explore",
    "search",
    "i",
    "shorts",
}


def profile_key(text):
    """A platform profile as one comparable value, however it was typed: "@Hadefuld",
    " hadefuld", "https://www.facebook.com/hadefuld/" and the address of one of its posts,
    facebook.com/hadefuld/posts/9, are all "hadefuld". Another site's address is compared
    whole, without scheme, "www." or a trailing slash."""
    value = " ".join(text.split()).lower()
    if "/" not in value:
        return value.removeprefix("@")
    parts = urlsplit(value if "://" in value else f"https://{value}")
    host = parts.hostname or ""
    for prefix in ("www.", "m.", "mobile.", "web."):
        host = host.removeprefix(prefix)
    path = [part for part in parts.path.split("/") if part]
    if host in PROFILE_HOSTS:
        handle = _handle(path, parse_qs(parts.query))
        if handle:
            return handle.removeprefix("@")
    return "/".join([host, *path]) + (f"?{parts.query}" if parts.query else "")


def _handle(path, query):
    if path[:1] == ["profile.php"] and query.get("id"):
        return f"profile.php?id={query['id'][0]}"
    if len(path) >= 2 and path[0] in PROFILE_PREFIXES:
        return path[1]
    if path and path[0] not in NOT_PROFILES:
        return path[0]
    return ""
