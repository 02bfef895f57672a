"""Container datatypes (this project's Python source over the native _collections)."""

from _collections import deque
