# Imports that fail: each a Python exception with CPython's text, the interpreter usable after.
import sys

HERE = __file__.rsplit("/", 1)[0]


def show(x):
    print(str(x).replace(HERE, "{dir}"))


for stmt in [
    "import nope_missing",
    "import imppkg.nope",
    "import imppkg.leaf.x",
    "from imppkg import nope",
    "from imppkg.leaf import nothing",
    "from . import x",
    "from .x import y",
    "import imppkg.beyond",
    "import imppkg.circ_a",
    "import imppkg.raises",
    "import imppkg.badsyntax",
]:
    try:
        exec(stmt)
    except Exception as e:
        show(f"{stmt}: {type(e).__name__}: {e}")
for name in ["imppkg.raises", "imppkg.circ_a", "imppkg.circ_b", "imppkg.badsyntax", "imppkg"]:
    print(name, name in sys.modules)
# Entries that are not folders are skipped.
sys.path.insert(0, __file__)
sys.path.insert(0, HERE + "/no-such-folder")
import impns.mod

print(impns.mod.X)
try:
    import imppkg.raises
except RuntimeError as e:
    print("again:", e)
