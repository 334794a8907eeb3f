import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from hypothesis import settings  # noqa: E402

# `make test` must be reproducible: every property test sees the same examples on every run
# (no random seed, no example database carried between runs). `make fuzz` explores further.
settings.register_profile("make-test", derandomize=True, database=None)
settings.load_profile("make-test")
