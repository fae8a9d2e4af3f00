"""Reactions to changes of the tree and of memberships."""

from tryghed.core import memo


def forget_what_the_request_kept(sender, **kwargs):
    """A unit, a membership or a municipality's settings changed: the tree, memberships and
    municipality kept for this request (access.tree, access.memberships_of,
    Municipality.objects.root_for) are out of date, so they are read again."""
    memo.forget()
