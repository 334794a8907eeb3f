"""open-with leaves alone a write to a kernel interface file (``/sys/``, ``/proc/``, ``/dev/``)
that the code never closes itself.

Pwnagotchi sets up its zram device with ``open(f"/sys/block/zram{n}/comp_algorithm",
"wt").write(alg)`` (and ``disksize``, ``mem_limit``). A text write is buffered: the bytes
reach the kernel when the handle is closed, and the kernel answers there (EINVAL for an
algorithm it does not have, EBUSY for a device already set up, a GPIO pin already exported).
A handle the code drops unclosed is closed by the garbage collector, which swallows that
error, so the app went on; in a with-block the error is raised at the block's end, and the
app stopped at start-up. ``/dev/full`` answers every write with ENOSPC: the tests run both
forms on it.
"""

from __future__ import annotations

import os

import pytest

from helpers import finding_messages, load_source, run_codemods

SETUP = """\
import os


def setup(n, alg):
    open(f"/sys/block/zram{n}/comp_algorithm", "wt").write(alg)
    open("/sys/block/zram%s/disksize" % n, "wt").write("100M")
    return n


def export(pin):
    handle = open("/sys/class/gpio/export", "w")
    handle.write(str(pin))
    return pin


def flag(path):
    open(os.path.join("/proc/sys/net/ipv4", path), "w").write("1")
"""

needs_dev_full = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")


def test_writes_to_kernel_files_closed_by_the_collector_are_left_with_findings():
    result = run_codemods(SETUP, "open-with", path="pwnagotchi/fs/__init__.py", dedent=False)
    assert result.new_text == SETUP
    messages = finding_messages(result)
    assert len(messages) == 4, messages
    assert all("kernel" in m for m in messages), messages


@needs_dev_full
def test_the_dropped_handle_swallows_the_kernel_error_and_the_code_goes_on(tmp_path):
    source = 'def poke(value):\n    open("/dev/full", "w").write(value)\n    return "went on"\n'
    assert load_source(tmp_path, source, "poke_before").poke("x") == "went on"
    with_block = source.replace('open("/dev/full", "w").write(value)', 'with open("/dev/full", "w") as f:\n        f.write(value)')
    with pytest.raises(OSError):  # what the rewrite made of it
        load_source(tmp_path, with_block, "poke_with").poke("x")
    result = run_codemods(source, "open-with", path="app/device.py", dedent=False)
    assert result.new_text == source  # a with-block would raise ENOSPC here
    assert any("kernel" in m for m in finding_messages(result))


@needs_dev_full
def test_an_explicit_close_already_raises_so_the_with_block_is_written(tmp_path):
    source = 'def poke(value):\n    f = open("/dev/full", "w")\n    f.write(value)\n    f.close()\n'
    result = run_codemods(source, "open-with", path="app/device.py", dedent=False)
    assert 'with open("/dev/full", "w") as f:' in result.new_text
    for stem, code in (("closed_before", source), ("closed_after", result.new_text)):
        with pytest.raises(OSError):
            load_source(tmp_path, code, stem).poke("x")


def test_reads_of_kernel_files_and_writes_of_ordinary_files_are_still_rewritten():
    source = (
        "def serial():\n"
        "    return open('/proc/cpuinfo').read()\n"
        "\n"
        "\n"
        "def save(path, text):\n"
        "    open(path, 'w').write(text)\n"
        "\n"
        "\n"
        "def report(text):\n"
        "    open('/tmp/report.csv', 'w').write(text)\n"
    )
    result = run_codemods(source, "open-with", path="app/device.py", dedent=False)
    assert "with open('/proc/cpuinfo') as f:" in result.new_text
    assert "with open(path, 'w') as f:" in result.new_text
    assert "with open('/tmp/report.csv', 'w') as f:" in result.new_text
