"""One line per logged event, so that a log collector (journald, a hosted log search) never
splits an error from its request or from its traceback.

A line reads `2026-12-05 10:41:07,112 ERROR django.request 500 GET /search/ Internal Server
Error: /search/ | OperationalError: connection refused | Traceback (most recent call last):\\n...`:
the time, level and logger; for events about a request, its status, method and path; the
message; and for an exception its type and text, then the whole traceback with its line breaks
written as `\\n`.
"""

import logging


class OneLineFormatter(logging.Formatter):
    def format(self, record):
        parts = [self.formatTime(record), record.levelname, record.name]
        status = getattr(record, "status_code", None)
        if status is not None:
            parts.append(str(status))
        request = getattr(record, "request", None)
        if hasattr(request, "get_full_path"):
            parts += [request.method or "-", request.get_full_path()]
        parts.append(record.getMessage())
        line = " ".join(parts)
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            line += f" | {type(error).__name__}: {error} | {self.formatException(record.exc_info)}"
        if record.stack_info:
            line += " | " + self.formatStack(record.stack_info)
        return line.replace("\r", "").replace("\n", "\\n")
