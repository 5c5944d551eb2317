"""The one exception type a user ever sees: a clear, one-line message, never a traceback."""


class DMCError(Exception):
    """A problem the user can fix (a wrong path, a bad setting); its message is shown as is."""
