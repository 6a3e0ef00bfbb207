"""Runtime hook of the station bundle: libvlc and its plugins are the bundle's own.

python-vlc loads the library named by PYTHON_VLC_LIB_PATH and libvlc reads its modules
from VLC_PLUGIN_PATH. Both are set (not defaulted): the station plays only with the
plugins chosen at build time (installer/bundle/contents.py), never with a folder an
environment variable points at.
"""

import os
import sys

_base = getattr(sys, "_MEIPASS", os.path.dirname(os.path.abspath(sys.executable)))
_plugins = os.path.join(_base, "vlc", "plugins")
os.environ["PYTHON_VLC_LIB_PATH"] = os.path.join(_base, "libvlc.so.5")
os.environ["PYTHON_VLC_MODULE_PATH"] = _plugins
os.environ["VLC_PLUGIN_PATH"] = _plugins
