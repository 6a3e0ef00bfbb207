"""The root of the station's exceptions. Each layer has its own ``errors.py`` whose
classes derive from these; every message says what happened and what to do.

A class whose message is a sentence with named values declares it once::

    class UnknownMember(RegistryError):
        template = N_("No member with id {member_id} is enrolled at this station.")
        fields = ("member_id",)

It is raised with its fields in that order (``UnknownMember("m-7")``, or by name), keeps
each as an attribute, and its message is the template translated into the current
language when it is raised, with each ``{name}`` filled from :meth:`shown` (the fields as
given; a class shows a value otherwise by overriding it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from screeningroom_resources.i18n import _


class ScreeningRoomError(Exception):
    """Something a person can act on: refused, invalid, or missing. Exit code 1."""

    exit_code = 1
    template: ClassVar[str] = ""
    fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *values: object, **named: object) -> None:
        if not self.template:
            super().__init__(*values, **named)
            return
        if len(values) > len(self.fields) or set(named) - set(self.fields[len(values):]):
            raise TypeError(f"{type(self).__name__} takes the fields {self.fields}")
        given = dict(zip(self.fields, values, strict=False)) | named
        missing = [name for name in self.fields if name not in given]
        if missing:
            raise TypeError(f"{type(self).__name__} needs the fields {tuple(missing)}")
        for name in self.fields:
            setattr(self, name, given[name])
        super().__init__(_(self.template).format_map(self.shown()))

    def shown(self) -> Mapping[str, object]:
        """The values the template names: each field as given."""
        return {name: getattr(self, name) for name in self.fields}

    def __reduce__(self):  # type: ignore[no-untyped-def]
        """Rebuilt from its fields (a worker process hands it back whole)."""
        if not self.template:
            return super().__reduce__()
        return (type(self), tuple(getattr(self, name) for name in self.fields))


class BadInput(ScreeningRoomError):
    """A file, value or argument that is not what the command takes. Exit code 2."""

    exit_code = 2
