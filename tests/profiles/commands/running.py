"""Run a management command as a user does: its output, and the exit status it would give."""
from io import StringIO

from django.core.management import CommandError, call_command


def run(command, *args):
    """(exit status, stdout, stderr) of ``manage.py command args…``."""
    out, err = StringIO(), StringIO()
    try:
        call_command(command, *args, stdout=out, stderr=err)
        code = 0
    except CommandError as error:
        err.write(str(error))
        code = 1
    except SystemExit as exit_:  # a command that chose its own status (e.g. "nothing added")
        code = exit_.code
    return code, out.getvalue(), err.getvalue()
