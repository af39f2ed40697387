"""Shared pytest setup.

`ip_app` is not installed into the venv, so put the repository root on sys.path
(works without tests/__init__.py and from any working directory).
"""

import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))
