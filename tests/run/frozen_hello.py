# Frozen modules of Python source compiled into the binary: the __hello__ family.
import __hello__

__hello__.main()
print(__hello__.initialized, __hello__.__name__, repr(__hello__))
print(__hello__.__spec__)
print(__hello__.__loader__)
import __phello__.spam

__phello__.spam.main()
__phello__.main()
print(__phello__.__spec__.name, __phello__.__spec__.origin, __phello__.__package__)
print(__phello__.spam.__package__, __phello__.spam.initialized)
import __phello__.ham.eggs

print(sorted(k for k in vars(__phello__.ham.eggs) if not k.startswith("__")))
print(__phello__.ham.__spec__.submodule_search_locations is not None)
import __hello_alias__

print(__hello_alias__.__name__, __hello_alias__.initialized)
import __hello_only__

print(__hello_only__.initialized, hasattr(__hello_only__, "__file__"))
import importlib

again = importlib.reload(__hello__)
print(again is __hello__)
