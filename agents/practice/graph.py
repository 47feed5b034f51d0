"""One practice session as a LangGraph graph, offline by default.

    queue (agents.practice.planner) ─► ask ─► await_answer (interrupt) ─► grade ─┬─► ask
                                                                                 └─► summary
A weak answer puts a follow-up, probing its first missed key point, at the head of the queue.
Each graded answer is saved to history inside `grade`, before the graph moves on.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from langgraph.graph import END, START, StateGraph
from langgraph.types import interrupt

from agents.grading.grader import Grade, Grader
from agents.grading.rubric import Rubric
from agents.history.store import History, attempt_from_grade, now
from agents.practice.planner import plan
from agents.practice.prompts import FOLLOW_UP_SYSTEM, FOLLOW_UP_USER
from agents.practice.state import QuizItem, SessionState, minutes_for
from agents.practice.summary import summarize_results
from agents.practice.writer import WriterError, WritingBrief, write_question
from agents.questions.bank import Question

FOLLOW_UP_BELOW = 3.5


def item_for(question: Question) -> QuizItem:
    return QuizItem(id=question.id, text=question.text, topic=question.topic,
                    difficulty=question.difficulty, follow_up=False, probe="")


def item_for_derived(question: dict[str, str]) -> QuizItem:
    return QuizItem(id=question["id"], text=question["text"], topic=question["topic"],
                    difficulty="medium", follow_up=False, probe=question["requirement"])


SELF_ASSESSMENT_REASON = ("Self-assessment, not scored: the coach has no questions or notes "
                          "on this requirement yet.")


def item_for_self_assessment(requirement: str, topic: str = "role") -> QuizItem:
    """A requirement the coach has no material for: asked so the candidate rehearses it,
    clearly labelled, and never scored."""
    digest = hashlib.sha1(requirement.encode("utf-8")).hexdigest()[:10]
    return QuizItem(id=f"self-{digest}", topic=topic, difficulty="medium", follow_up=False,
                    probe=requirement, kind="self",
                    text=f"Self-assessment (not scored): talk me through your experience "
                         f"with this requirement of the ad: \"{requirement}\"")


def item_for_problem(problem: Any) -> QuizItem:
    """A coding problem as a session question; its answer is code, run in the sandbox."""
    from agents.coding.practice import problem_prompt

    return QuizItem(id=problem.id, text=problem_prompt(problem), topic="coding",
                    difficulty=problem.difficulty, follow_up=False, probe="", kind="code",
                    starter=problem.starter())


def with_written(items: list[QuizItem], every: int = 2) -> list[QuizItem]:
    """Mark every `every`-th item for an LLM-written question on its topic; the bank question
    stays as the fallback."""
    return [{**item, "write": True}  # type: ignore[misc]
            if n % every == every - 1 and item.get("kind") != "code" else item
            for n, item in enumerate(items)]


def written_item(item: QuizItem, written: Any) -> QuizItem:
    digest = hashlib.sha1(written.text.encode("utf-8")).hexdigest()[:10]
    return QuizItem(id=f"llm-{digest}", text=written.text, topic=item["topic"],
                    difficulty=item["difficulty"], follow_up=False, probe="",
                    reference="\n".join(written.key_points))


# Asked when a missed point has no authored probe (questions not from the bank): it asks
# for more without naming what is missing, so the follow-up does not give the answer away.
OPEN_PROBE = ("What else would you add to your answer? Think about what an interviewer would "
              "press you on next.")


def follow_up_for(item: QuizItem, missed_point: str, probe: str = "",
                  wording: str | None = None) -> QuizItem:
    """A follow-up that probes the missed point the way an interviewer would: with the
    point's authored probe question (or the LLM's rewording of it), never the point itself.
    The point stays in `probe` as the follow-up's rubric."""
    text = f"Follow-up: {wording or probe or OPEN_PROBE}"
    return QuizItem(id=f"{item['id']}#follow-up", text=text, topic=item["topic"],
                    difficulty=item["difficulty"], follow_up=True, probe=missed_point)


@dataclass
class SessionContext:
    grader: Grader
    history: History
    session_id: str
    bank: dict[str, Question]
    follow_ups: bool = True
    clock: Any = now
    llm: Any = None  # writes follow-up questions when set; the template is the fallback
    llm_timeout: float = 30.0
    notices: list[str] = field(default_factory=list)
    _tools: list[Any] | None = None
    _rarity: Any = None

    def tools(self) -> list[Any]:
        """The retriever, quiz and grade tools an LLM agent calls (built on first use)."""
        if self._tools is None:
            from agents.practice.tools import make_tools

            self._tools = make_tools(self.grader, tuple(self.bank.values()),
                                     self.history.attempts(), self.clock)
        return self._tools

    def write(self, item: QuizItem, asked: list[str]) -> QuizItem:
        """An LLM-written question on the item's topic, or the item itself with a notice."""
        if self.llm is None:
            return item
        weak = [p for a in reversed(self.history.attempts()) if a.topic == item["topic"]
                for p in a.missing]
        brief = WritingBrief(item["topic"], item["difficulty"], weak, asked)
        try:
            return written_item(item, write_question(self.llm, self.tools(), brief,
                                                     self.llm_timeout))
        except WriterError as exc:
            self.notices.append(f"LLM question skipped ({exc}); asking a bank question.")
            return item

    def probe_for(self, item: QuizItem, point: str) -> str:
        """The bank's authored probe for one of the item's key points ("" if it has none)."""
        question = self.bank.get(item["id"])
        return next((p.probe for p in question.points if p.text == point), "") \
            if question else ""

    def follow_up_wording(self, item: QuizItem, answer: str, point: str) -> str | None:
        """An LLM-written probe for the missed point, or None to use the authored probe."""
        if self.llm is None:
            return None
        from langchain_core.messages import HumanMessage, SystemMessage

        from agents.llm.backends import LlmUnavailable, invoke_with_timeout

        user = FOLLOW_UP_USER.format(question=item["text"], point=point,
                                     probe=self.probe_for(item, point) or OPEN_PROBE,
                                     answer=answer.replace("</answer>", ""))
        try:
            reply = invoke_with_timeout(self.llm, [SystemMessage(FOLLOW_UP_SYSTEM),
                                                   HumanMessage(user)], self.llm_timeout)
        except LlmUnavailable as exc:
            self.notices.append(f"LLM follow-up skipped ({exc}); using the offline wording.")
            return None
        question = " ".join(reply.split())
        if not question.endswith("?") or len(question.split()) > 40:
            self.notices.append("LLM follow-up was not a short question; using the offline "
                                "wording.")
            return None
        if self._gives_away(item, point, question):
            self.notices.append("LLM follow-up named the missed point; using the offline "
                                "wording.")
            return None
        return question

    def _gives_away(self, item: QuizItem, point: str, question: str) -> bool:
        """Does the question use the point's distinctive words (the same check the bank's
        authored probes pass)?"""
        from agents.grading.text import content_stems
        from agents.questions.checks import Rarity

        if self._rarity is None:
            self._rarity = Rarity(p.text for q in self.bank.values() for p in q.points)
        bank_question = self.bank.get(item["id"])
        others = [p.text for p in bank_question.points if p.text != point] \
            if bank_question else []
        leaked = set(self._rarity.distinctive(point, item["text"], others))
        return bool(leaked & set(content_stems(question)))

    def run_code(self, item: QuizItem, source: str) -> dict:
        """Run a coding answer against its problem's tests and save it like any answer."""
        from agents.coding import attempt_for, check_solution, get_problem
        from agents.coding.practice import code_result

        problem = get_problem(item["id"])
        check = check_solution(problem, source)
        self.history.record(attempt_for(check, self.session_id, source, self.clock()))
        return code_result(problem, check)

    def rubric(self, item: QuizItem) -> Rubric:
        if item["follow_up"]:
            return self.grader.rubric_for(item["text"], reference=item["probe"])
        if item.get("reference"):
            return self.grader.rubric_for(item["text"], reference=item["reference"])
        if item["id"] in self.bank:
            return self.grader.rubric_for_bank(self.bank[item["id"]])
        # A requirement derived from a document: its rubric comes from the passages about it.
        return self.grader.rubric_from_passages(item["text"], query=item["probe"])


def spoken(answer: Any) -> tuple[str, dict | None]:
    """An answer is its text, or {"text", "delivery"} when it was spoken."""
    if isinstance(answer, dict):
        return str(answer.get("text", "")), answer.get("delivery") or None
    return str(answer or ""), None


def time_taken(item: Any, at: datetime) -> dict:
    """How long the question took against its budget, for the debrief."""
    asked = item.get("asked_at") if item else None
    if not asked:
        return {}
    seconds = max(0, round((at - datetime.fromisoformat(asked)).total_seconds()))
    return {"seconds": seconds, "budget_minutes": item.get("minutes")}


def build_graph(context: SessionContext, checkpointer: Any) -> Any:
    def ask(state: SessionState) -> dict:
        item, *rest = state["queue"]
        if item.get("write"):
            item = context.write(item, [r["question"] for r in state.get("results", [])])
        item = {**item, "write": False, "asked_at": context.clock().isoformat(),  # type: ignore[typeddict-item]
                "minutes": minutes_for(item)}
        return {"current": item, "queue": rest, "asked": [item["id"]]}

    def await_answer(state: SessionState) -> dict:
        item = state["current"]
        number = sum(not i.endswith("#follow-up") for i in state.get("asked", []))
        return {"answer": interrupt({**item, "number": number,  # type: ignore[typeddict-item]
                                     "remaining": len(state.get("queue", []))})}

    def grade(state: SessionState) -> dict:
        update = _grade(state)
        timing = time_taken(state["current"], context.clock())
        update["results"] = [{**r, **timing} for r in update["results"]]
        return update

    def _grade(state: SessionState) -> dict:
        item, answer, delivery = state["current"], *spoken(state.get("answer", ""))
        assert item is not None
        if not answer.strip():
            return {"results": [{"question": item["text"], "topic": item["topic"],
                                 "skipped": True}]}
        if item.get("kind") == "self":
            ungraded = Grade.ungraded(SELF_ASSESSMENT_REASON, [])
            context.history.record(attempt_from_grade(context.session_id, item["text"], answer,
                                                      ungraded, context.clock(), "medium",
                                                      delivery))
            return {"results": [{**ungraded.to_dict(), "question": item["text"],
                                 "question_id": item["id"], "topic": item["topic"],
                                 "follow_up": False, "answer": answer, "self_assessment": True,
                                 **({"delivery": delivery} if delivery else {})}]}
        if item.get("kind") == "code":  # no follow-up: the test results are the feedback
            return {"results": [{**context.run_code(item, answer), "question": item["text"],
                                 "follow_up": False, "answer": answer}]}
        result = context.grader.grade_with(context.rubric(item), answer)
        at: datetime = context.clock()
        context.history.record(attempt_from_grade(context.session_id, item["text"], answer,
                                                  result, at, item["difficulty"], delivery))
        update: dict = {"results": [{**result.to_dict(), "question": item["text"],
                                     "question_id": item["id"], "topic": item["topic"],
                                     "follow_up": item["follow_up"], "answer": answer,
                                     "probed_point": item["probe"] if item["follow_up"]
                                     else "", **({"delivery": delivery} if delivery else {})}]}
        if (context.follow_ups and not item["follow_up"] and result.missing
                and result.score < FOLLOW_UP_BELOW):
            point = result.missing[0]
            wording = context.follow_up_wording(item, answer, point)
            update["queue"] = [follow_up_for(item, point, context.probe_for(item, point),
                                             wording), *state.get("queue", [])]
        return update

    def next_step(state: SessionState) -> str:
        deadline = state.get("deadline")
        out_of_time = bool(deadline) and context.clock() >= datetime.fromisoformat(deadline)
        if out_of_time:
            return "summary"
        if state.get("queue"):
            return "ask"
        # an interview ends by time, not by count: with time left, plan one more question
        return "extend" if deadline else "summary"

    def extend(state: SessionState) -> dict:
        """The next question by weakness among those not yet asked (none when all were)."""
        asked = set(state.get("asked", []))
        rest = tuple(q for q in context.bank.values() if q.id not in asked)
        more = plan(rest, context.history.attempts(), context.clock(), 1)
        return {"queue": [item_for(q) for q in more]}

    def after_extend(state: SessionState) -> str:
        return "ask" if state.get("queue") else "summary"

    def summary(state: SessionState) -> dict:
        return {"summary": summarize_results(state.get("results", []))}

    graph = StateGraph(SessionState)
    graph.add_node("ask", ask)
    graph.add_node("await_answer", await_answer)
    graph.add_node("grade", grade)
    graph.add_node("summary", summary)
    graph.add_node("extend", extend)
    graph.add_conditional_edges(START, next_step, ["ask", "extend", "summary"])
    graph.add_edge("ask", "await_answer")
    graph.add_edge("await_answer", "grade")
    graph.add_conditional_edges("grade", next_step, ["ask", "extend", "summary"])
    graph.add_conditional_edges("extend", after_extend, ["ask", "summary"])
    graph.add_edge("summary", END)
    return graph.compile(checkpointer=checkpointer)
