"""What every bench script does first: the project and the bench folder on the import path,
the settings named, Django set up. A script starts with `import boot  # noqa: F401` (it runs
as `python bench/<script>.py`, so this folder is already on the path)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cxgov.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")

import django  # noqa: E402

django.setup()
