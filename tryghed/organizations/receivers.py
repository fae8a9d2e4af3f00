"""Reactions to changes of the tree and of memberships."""

from tryghed.core import memo


def forget_what_the_request_kept(sender, **kwargs):
    """A unit or a membership changed: the tree and memberships kept for this request
    (access.tree, access.memberships_of) are out of date, so they are read again."""
    memo.forget()
