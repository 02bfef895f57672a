print("init", __name__, __package__, __spec__.name, __spec__.parent)
from . import leaf
from .leaf import twice
