"""Errors that carry a message meant for the user: what is wrong and what to do."""


class RegkbError(Exception):
    """Base class; the CLI prints the message and exits with ``exit_code``."""

    exit_code = 1


class InputError(RegkbError):
    """A file or argument the user gave cannot be used (empty, corrupt, too big, wrong type)."""

    exit_code = 2


class IndexMissingError(RegkbError):
    """No index has been built yet under REGKB_HOME."""


class IndexFormatError(RegkbError):
    """The index on disk was written by another version of regkb or is damaged."""


class UnknownIdError(RegkbError):
    """A document or clause id that does not exist."""

    exit_code = 2
