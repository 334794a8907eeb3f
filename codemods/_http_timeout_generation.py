"""http-timeout: a non-streamed call to a text-generation API (review 24).

A read timeout bounds the server's whole work before it answers; a chat completion that is not
streamed sends its first byte when the whole text is generated, which may take minutes (OpenAI's
own client waits 600 s). No wait the tool picks is provably long enough: such a call is left,
with a finding (dribdat's completion cut at 30 s, wechat-robot-cn's summary at 60 s).

A request that sends a body (``changing_method``) is one when its URL's own text names a
generation endpoint or host (``/chat/completions``, ``/completions``, ``/v1/messages``,
``/api/generate``, ``/api/chat``, api.openai.com, api.anthropic.com, ollama's port 11434), or,
where its URL is no literal ``http(s)://`` address, when its module shows one: such a string,
an import of openai, anthropic or ollama, or a payload with a model's key (``model``,
``modelVersion``) beside a prompt's (``messages``, ``prompt``, ``text``, ``input``, ``inputs``).
Not a call that streams (``stream=True`` where the module's payload asks ``"stream": True``). A
URL whose text names a language model's path (``/api/llm/search``) is one whatever its method.
"""

from __future__ import annotations

import ast
import re
from typing import Any

import libcst as cst

from ._http_timeout_calls import keyword
from ._http_timeout_retries import changing_method
from ._http_timeout_node_kinds import of_kinds

# a path ends where a segment does: ``/api/chat`` is ollama's, ``/api/chat.postMessage`` a method
# of Slack's Web API (session 32)
_ENDPOINT = re.compile(
    r"(?i)/chat/completions|/completions(?![\w.-])|/v1/messages|/api/generate(?![\w.-])|/api/chat(?![\w.-])"
    r"|api\.openai\.com|api\.anthropic\.com|:11434\b"
)
# a path segment that names a language model (genenetwork2's ``/api/llm/search``)
_MODEL_PATH = re.compile(r"(?i)/llm(?=[/?'\"]|$)")
_LIBRARIES = frozenset({"openai", "anthropic", "ollama"})
_MODEL_KEY = re.compile(r"(?i)^model(_?name|_?version)?$")
_PROMPT_KEYS = frozenset({"messages", "prompt", "text", "input", "inputs"})
_LITERAL_ADDRESS = re.compile(r"""^[rbfu]*["']https?://""", re.IGNORECASE)


def generation_call(wrapper: Any, tree: ast.Module | None, call: cst.Call, library: str) -> str | None:
    """The finding for a non-streamed call to a text-generation API, or None."""
    url = url_argument(call)
    spelled = wrapper.module.code_for_node(url) if url is not None else ""
    if _MODEL_PATH.search(spelled):  # a language model answers it, whatever the method
        why = "its URL names a language model's endpoint"
    elif changing_method(wrapper, call, library) is None:
        return None
    elif _ENDPOINT.search(spelled):
        why = "its URL names a text-generation endpoint"
    elif _LITERAL_ADDRESS.match(spelled.strip()):
        return None
    else:
        signs = _module_signs(tree if tree is not None else _parsed(wrapper.module.code))
        if signs is None:
            return None
        why = f"its module {signs}"
    streamed = keyword(call, "stream")
    if streamed is not None and isinstance(streamed.value, cst.Name) and streamed.value.value == "True":
        if _asks_stream(tree if tree is not None else _parsed(wrapper.module.code)):
            return None
    return (
        f"not changed: a non-streamed call to a text-generation API ({why}): its read timeout bounds the whole "
        "generation, so no wait picked here is provably long enough; give it the wait the model may take "
        "(OpenAI's client waits 600 s)"
    )


def url_argument(call: cst.Call) -> cst.BaseExpression | None:
    given = keyword(call, "url")
    if given is not None:
        return given.value
    positional = [arg for arg in call.args if not arg.keyword and not arg.star]
    func = call.func
    if isinstance(func, (cst.Attribute, cst.Name)) and (func.attr.value if isinstance(func, cst.Attribute) else func.value) == "request":
        return positional[1].value if len(positional) > 1 else None
    return positional[0].value if positional else None


def _parsed(code: str) -> ast.Module | None:
    try:
        return ast.parse(code)
    except (SyntaxError, ValueError):
        return None


def _module_signs(tree: ast.Module | None) -> str | None:
    """What in the module shows a text-generation API, or None."""
    if tree is None:
        return None
    for node in of_kinds(tree, (ast.Import, ast.ImportFrom, ast.Constant, ast.Dict, ast.Call)):
        if isinstance(node, ast.Import) and any(alias.name.split(".")[0] in _LIBRARIES for alias in node.names):
            return "imports " + next(a.name for a in node.names if a.name.split(".")[0] in _LIBRARIES)
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in _LIBRARIES:
            return "imports " + (node.module or "")
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and _ENDPOINT.search(node.value):
            return f"names {_ENDPOINT.search(node.value).group(0)}"  # type: ignore[union-attr]
        keys = _keys(node)
        if any(_MODEL_KEY.match(key) for key in keys) and keys & _PROMPT_KEYS:
            model = next(key for key in keys if _MODEL_KEY.match(key))
            return f"builds a payload with {model} and {sorted(keys & _PROMPT_KEYS)[0]}"
    return None


def _keys(node: ast.AST) -> set[str]:
    if isinstance(node, ast.Dict):
        return {key.value for key in node.keys if isinstance(key, ast.Constant) and isinstance(key.value, str)}
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict":
        return {each.arg for each in node.keywords if each.arg}
    return set()


def _asks_stream(tree: ast.Module | None) -> bool:
    """Whether a payload of the module asks the server to stream (``"stream": True``)."""
    if tree is None:
        return False
    for node in of_kinds(tree, ast.Dict):
        for key, value in zip(node.keys, node.values):
            if isinstance(key, ast.Constant) and key.value == "stream" and isinstance(value, ast.Constant) and value.value is True:
                return True
    return False
