# TrustFix probe launcher. Runs unchanged on Python 2.7 through 3.14. The probe itself is imported
# from trustfix_probe.py so Python keeps its compiled bytecode between runs (where this folder is
# writable); run directly, the whole script would be compiled at every probe. Bytecode is written
# for our own modules only (trustfix_probe and the trustfix_pipconf it imports first): then
# trustfix_probe restores the user's setting, before it imports anything of theirs (certifi), so
# nothing is ever written into their site-packages.
import os
import sys

sys._trustfix_saved_dwb = sys.dont_write_bytecode
sys.dont_write_bytecode = False
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import trustfix_probe  # noqa: E402,F401  (prints the answer on import)
