"""The unit picker: every unit labelled by its path below the municipality (Ældre, then
Kløverengen), grouped by the top level, found by typing any part of the path."""

from tryghed.core.pickers import PathChoiceField
from tryghed.organizations import access


def unit_paths(pks):
    """{pk: [names from the top level down to the unit]}: the municipality itself is left
    out of every path but its own, as everyone in it knows where they are."""
    tree = access.tree()
    names = tree.names
    paths = {}
    for pk in pks:
        chain = list(reversed(tree.ancestors(pk, include_self=True)))
        below_root = chain[1:] or chain
        paths[pk] = [names[part] for part in below_root if part in names]
    return paths


class UnitChoiceField(PathChoiceField):
    def paths(self, objects):
        return unit_paths([obj.pk for obj in objects])
