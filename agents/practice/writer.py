"""LLM-written questions: a short tool-calling loop in which the model reads the candidate's
documents through the session's tools, then writes one question with its key points.

Every way this can go wrong (no tool support, a timeout, a tool call to nothing, prose instead of
JSON, a question written without reading anything) raises WriterError, and the session asks the
bank question it would have asked anyway.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from langchain_core.messages import HumanMessage, SystemMessage, ToolMessage
from langchain_core.tools import BaseTool

from agents.llm.backends import LlmUnavailable, invoke_message
from agents.practice.prompts import WRITER_SYSTEM, WRITER_USER

MAX_STEPS = 4  # tool rounds before the model must have answered
MAX_TOOL_TEXT = 4000  # characters of a tool result passed back to the model
_JSON = re.compile(r"\{.*\}", re.DOTALL)


class WriterError(RuntimeError):
    """The LLM gave no usable question; the message says what went wrong."""


@dataclass(frozen=True)
class WrittenQuestion:
    text: str
    key_points: list[str]
    sources: list[str] = field(default_factory=list)  # documents the model read first


@dataclass(frozen=True)
class WritingBrief:
    topic: str
    difficulty: str
    weak_points: list[str] = field(default_factory=list)
    avoid: list[str] = field(default_factory=list)


def write_question(llm: Any, tools: list[BaseTool], brief: WritingBrief,
                   timeout: float) -> WrittenQuestion:
    """Run the tool loop until the model answers with a question, or raise WriterError."""
    try:
        model = llm.bind_tools(tools)
    except NotImplementedError:
        raise WriterError("this model cannot call tools") from None
    by_name = {t.name: t for t in tools}
    messages: list[Any] = [SystemMessage(WRITER_SYSTEM), HumanMessage(WRITER_USER.format(
        topic=brief.topic, difficulty=brief.difficulty,
        weak_points="; ".join(brief.weak_points[:5]) or "none",
        avoid="; ".join(brief.avoid[-10:]) or "none"))]
    sources: list[str] = []
    for _ in range(MAX_STEPS):
        try:
            reply = invoke_message(model, messages, timeout)
        except LlmUnavailable as exc:
            raise WriterError(str(exc)) from None
        messages.append(reply)
        calls = getattr(reply, "tool_calls", None) or []
        if not calls:
            return _parse(reply.content, sources, brief)
        for call in calls:
            messages.append(_run_tool(by_name, call, sources))
    raise WriterError(f"no question after {MAX_STEPS} tool rounds")


def _run_tool(by_name: dict[str, BaseTool], call: dict, sources: list[str]) -> ToolMessage:
    """One tool call's result as a message; a bad call is answered with the error, not raised,
    so the model can correct itself within its rounds."""
    tool = by_name.get(call["name"])
    if tool is None:
        content = f"error: there is no tool named {call['name']!r}"
    else:
        try:
            result = tool.invoke(call.get("args") or {})
        except Exception as exc:  # bad arguments from the model
            result = f"error: {exc}"
        if call["name"] == "search_documents" and isinstance(result, list):
            sources += [str(hit.get("source", "")) for hit in result]
        content = json.dumps(result, ensure_ascii=False)[:MAX_TOOL_TEXT]
    return ToolMessage(content=content, tool_call_id=call.get("id") or call["name"])


def _parse(content: Any, sources: list[str], brief: WritingBrief) -> WrittenQuestion:
    if not sources:
        raise WriterError("the model wrote a question without reading the documents")
    match = _JSON.search(content if isinstance(content, str) else str(content))
    try:
        data = json.loads(match.group(0)) if match else None
    except json.JSONDecodeError:
        data = None
    if not isinstance(data, dict):
        raise WriterError("the reply was not the JSON asked for")
    text = " ".join(str(data.get("question", "")).split())
    points = [" ".join(str(p).split()) for p in data.get("key_points") or [] if str(p).strip()]
    if not text.endswith("?") or not 4 <= len(text.split()) <= 60:
        raise WriterError("the reply had no single short question")
    if not 2 <= len(points) <= 6 or any(len(p.split()) > 40 for p in points):
        raise WriterError("the reply needs 2 to 6 short key points")
    if text.lower() in {a.lower() for a in brief.avoid}:
        raise WriterError("the model repeated a question already asked")
    return WrittenQuestion(text, points, list(dict.fromkeys(sources)))
