"""Errors a user can act on. Each carries one readable line; the CLI prints it and exits 2."""


class MontageError(Exception):
    """An error caused by input or data, explained in one line for the user."""


class InputError(MontageError):
    """Bad input: names where (file, line or row, field) and what was expected.

    Rendered as ``FILE:LINE: field: message`` when the location is known, in the manner of
    compilers and of Beancount, so editors can jump to it.
    """

    def __init__(self, message: str, *, field: str | None = None, file: str | None = None,
                 line: int | None = None):
        self.message = message
        self.field = field
        self.file = file
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        what = f"{self.field}: " if self.field else ""
        return f"{where}{what}{self.message}"


class ParameterError(MontageError):
    """A legal parameter file is malformed, or no value is in force for the date asked.

    We fail loudly rather than assume zero: a missing rate is a gap in the law data, not a rate.
    """
