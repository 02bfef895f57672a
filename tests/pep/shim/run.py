"""Runs a PEP 734 program (argv[1]) under CPython 3.13 with the shim installed as
`concurrent.interpreters` (regen.sh)."""

import os
import runpy
import sys

import concurrent  # the real package, found before the program's folder is on sys.path
import concurrent.futures
import futures313
import interpreters313

sys.modules['concurrent.interpreters'] = interpreters313
sys.modules['concurrent.interpreters._queues'] = interpreters313._queues
concurrent.interpreters = interpreters313
concurrent.futures.InterpreterPoolExecutor = futures313.InterpreterPoolExecutor
prog = os.path.abspath(sys.argv[1])
sys.argv = sys.argv[1:]
sys.path[0] = os.path.dirname(prog)
runpy.run_path(prog, run_name='__main__')
