"""OS routines for NT or Posix depending on what system we're on.

This project's Python source over the native posix module (the process functions under the
interpreter's restrictions, the file-system functions), as CPython's os.py: os.path is
posixpath, also importable as os.path.
"""

import sys

from posix import *
import posix
import posixpath as path

from posixpath import curdir, pardir, sep, pathsep, defpath, extsep, altsep, devnull

sys.modules['os.path'] = path

name = 'posix'
linesep = '\n'
SEEK_SET = 0
SEEK_CUR = 1
SEEK_END = 2

environ = posix.environ


def getenv(key, default=None):
    """Get an environment variable, return None if it doesn't exist."""
    if not isinstance(key, str):
        raise TypeError("str expected, not %s" % type(key).__name__)
    return environ.get(key, default)


def fspath(path):
    """Return the path representation of a path-like object."""
    if isinstance(path, (str, bytes)):
        return path
    path_type = type(path)
    try:
        path_repr = path_type.__fspath__(path)
    except AttributeError:
        if hasattr(path_type, '__fspath__'):
            raise
        raise TypeError("expected str, bytes or os.PathLike object, not "
                        + path_type.__name__)
    if isinstance(path_repr, (str, bytes)):
        return path_repr
    raise TypeError("expected {}.__fspath__() to return str or bytes, not {}"
                    .format(path_type.__name__, type(path_repr).__name__))
