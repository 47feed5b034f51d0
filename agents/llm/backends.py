"""One factory for every chat model the coach can use; `none` (the default) means offline.

`PREP_LLM` is `none` or `provider:model`: `ollama:qwen2.5:7b`, `openai:gpt-4o-mini` (with
`OPENAI_BASE_URL` for any OpenAI-compatible server: vLLM, llama.cpp, LM Studio). Providers are
optional extras, imported only when named, so the offline install stays small.
"""

from __future__ import annotations

import os
import queue
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

DEFAULT_TIMEOUT_S = 60.0
_EXTRAS = {"ollama": "langchain-ollama", "openai": "langchain-openai"}


class LlmUnavailable(RuntimeError):
    """The configured LLM cannot be used; the message says why and how to fix it."""


def llm_spec() -> str:
    return os.environ.get("PREP_LLM", "none").strip() or "none"


def chat_model(spec: str | None = None) -> BaseChatModel | None:
    """The chat model `spec` names, or None for the offline default."""
    spec = spec or llm_spec()
    if spec.lower() == "none":
        return None
    provider, _, model = spec.partition(":")
    if provider not in _EXTRAS or not model:
        raise LlmUnavailable(f"PREP_LLM={spec!r} is not understood; use none, ollama:MODEL or "
                             "openai:MODEL")
    try:
        if provider == "ollama":
            from langchain_ollama import ChatOllama

            return ChatOllama(model=model, temperature=0)
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(model=model, temperature=0, max_retries=0, timeout=DEFAULT_TIMEOUT_S)
    except ImportError as exc:
        raise LlmUnavailable(f"PREP_LLM={spec} needs `pip install {_EXTRAS[provider]}`") from exc
    except Exception as exc:  # a provider's own validation, e.g. a missing API key
        raise LlmUnavailable(f"PREP_LLM={spec} cannot start: {exc}") from exc


def invoke_with_timeout(model: BaseChatModel, messages: list[Any],
                        timeout: float = DEFAULT_TIMEOUT_S) -> str:
    """The model's reply text, or LlmUnavailable on error or after `timeout` seconds."""
    content = invoke_message(model, messages, timeout).content
    return content if isinstance(content, str) else str(content)


def invoke_message(model: Any, messages: list[Any], timeout: float = DEFAULT_TIMEOUT_S) -> Any:
    """The model's whole reply message (with any tool calls), or LlmUnavailable on error or
    after `timeout` seconds.

    The call runs on a daemon thread: a hung server must not keep the process alive.
    """
    replies: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=1)

    def call() -> None:
        try:
            replies.put((True, model.invoke(messages)))
        except Exception as exc:  # any provider failure becomes the offline fallback
            replies.put((False, exc))

    threading.Thread(target=call, daemon=True).start()
    try:
        ok, value = replies.get(timeout=timeout)
    except queue.Empty:
        raise LlmUnavailable(f"no reply within {timeout:g} s") from None
    if not ok:
        raise LlmUnavailable(f"{value.__class__.__name__}: {value}".strip()[:200])
    return value
