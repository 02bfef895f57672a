import os
import os.path
import sys
from os.path import join, split

here = os.path.dirname(os.path.abspath(__file__))
print(os.path is sys.modules['os.path'], os.name, os.sep, os.curdir, os.pardir, os.pathsep, os.extsep, os.altsep, os.devnull)
print(isinstance(os.getpid(), int), os.getpid() > 0, isinstance(os.getcwd(), str))
print(os.path.isabs(os.getcwd()), os.path.isdir(os.getcwd()))
print(isinstance(os.cpu_count(), int), os.cpu_count() >= 1)
r = os.urandom(16)
print(type(r).__name__, len(r), os.urandom(0))
try:
    os.urandom(-1)
except ValueError as e:
    print("ValueError", e)
print(os.environ.get("HOME") == os.getenv("HOME"), os.getenv("SUBINTERP_NO_SUCH_VAR"), os.getenv("SUBINTERP_NO_SUCH_VAR", "dflt"))
try:
    os.getenv(1)
except TypeError as e:
    print("TypeError", e)
print("os_basic.py" in os.listdir(here), os.path.exists(join(here, "os_basic.py")))
print(os.path.isfile(join(here, "os_basic.py")), os.path.isdir(join(here, "os_basic.py")), os.path.isdir(here))
print(os.path.exists("/no/such/file"), os.path.isfile("/no/such/file"), os.path.isdir("/no/such"))
try:
    os.stat("/no/such/file")
except FileNotFoundError as e:
    print("FileNotFoundError", e)
try:
    os.listdir("/no/such/dir")
except OSError as e:
    print(type(e).__name__, e)
try:
    os.stat(3.5)
except TypeError as e:
    print("TypeError", e)
st = os.stat(join(here, "os_basic.py"))
print(st.st_size == os.path.getsize(join(here, "os_basic.py")), st.st_size > 0, st[6] == st.st_size, len(st))
print(join("a", "b", "c"), join("/a", "/b"), join("a/", "b"), join("", "x"), join("a"))
try:
    join("a", 1)
except TypeError as e:
    print("TypeError", e)
try:
    join(1)
except TypeError as e:
    print("TypeError", e)
for p in ["/usr/lib/file.tar.gz", "file", "/", "//a//b//", "a/b/", ".bashrc", "a/.b.c", "", "../x.py"]:
    print(repr(p), split(p), os.path.splitext(p), os.path.basename(p), os.path.dirname(p), os.path.normpath(p))
for p in ["a/./b/../c", "/../x", "../../a", "a//b", "///a", "//a", "./", "a/b/../.."]:
    print(repr(p), os.path.normpath(p))
print(os.path.abspath("x") == join(os.getcwd(), "x"), os.path.abspath("/a/../b"))
print(os.path.commonprefix(["/usr/lib", "/usr/local"]), os.path.splitdrive("/a/b"), os.path.normcase("/A"))
try:
    os.fork
    print("fork present", callable(os.fork), callable(os.execv))
except AttributeError:
    print("no fork")
print(os.fspath("p"))
try:
    os.fspath(3)
except TypeError as e:
    print("TypeError", e)
