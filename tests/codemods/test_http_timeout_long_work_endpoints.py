"""http-timeout: calls whose answer waits for work the calling code cannot size (the realworld
corpus, genenetwork2, once its 47 calls were no longer held back by a copied ``**kwargs``: the
R/qtl scan, permutations and all, posted to GN3's ``api/rqtl/compute`` answers when the scan is
done, minutes for a large one; the GNQA search ``/api/llm/search`` answers when a language model
has written its answer). A compute endpoint is open-ended work like a bulk export; a URL naming a
language model's path is a generation call whatever its method. Left, with a finding.
"""

from __future__ import annotations

import pytest

from helpers import finding_messages, run_codemods

NAME = "http-timeout"
HEAD = "from urllib.parse import urljoin\n\nimport requests\n\nGN3 = 'http://localhost:8080'\n\n\n"

LEFT = {
    "a compute endpoint": ("def scan(data):\n    return requests.post(urljoin(GN3, 'api/rqtl/compute'), data=data).json()\n", "compute"),
    "a language model's search": (
        "def ask(q):\n    return requests.get(urljoin(GN3, f'/api/llm/search?{q}'), headers={'A': 'b'}).json()\n",
        "text-generation",
    ),
}


@pytest.mark.parametrize("case", list(LEFT))
def test_work_of_unknown_length_is_left_with_a_finding(case):
    source, says = LEFT[case]
    result = run_codemods(HEAD + source, NAME)
    assert "timeout=" not in result.new_text
    [message] = finding_messages(result)
    assert says in message, message


@pytest.mark.parametrize(
    "path",
    ["api/search", "api/computers", "/api/metadata/llms", "/api/llmish/search"],
)
def test_other_paths_still_get_a_timeout(path):
    result = run_codemods(HEAD + f"def get():\n    return requests.get(urljoin(GN3, '{path}')).json()\n", NAME)
    assert "timeout=60" in result.new_text, finding_messages(result)
