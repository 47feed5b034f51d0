"""One practice session as a LangGraph graph, offline by default.

    queue (agents.practice.planner) ─► ask ─► await_answer (interrupt) ─► grade ─┬─► ask
                                                                                 └─► summary
A weak answer puts a follow-up, probing its first missed key point, at the head of the queue.
Each graded answer is saved to history inside `grade`, before the graph moves on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from langgraph.graph import END, START, StateGraph
from langgraph.types import interrupt

from agents.grading.grader import Grader
from agents.grading.rubric import Rubric
from agents.history.store import History, attempt_from_grade, now
from agents.practice.state import QuizItem, SessionState
from agents.practice.summary import summarize_results
from agents.questions.bank import Question

FOLLOW_UP_BELOW = 3.5


def item_for(question: Question) -> QuizItem:
    return QuizItem(id=question.id, text=question.text, topic=question.topic,
                    difficulty=question.difficulty, follow_up=False, probe="")


def follow_up_for(item: QuizItem, missed_point: str) -> QuizItem:
    text = (f"Follow-up: your answer left out one point. Explain it in your own words, and "
            f"why it matters: {missed_point}")
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

    def rubric(self, item: QuizItem) -> Rubric:
        if item["follow_up"]:
            return self.grader.rubric_for(item["text"], reference=item["probe"])
        return self.grader.rubric_for_bank(self.bank[item["id"]])


def build_graph(context: SessionContext, checkpointer: Any) -> Any:
    def ask(state: SessionState) -> dict:
        item, *rest = state["queue"]
        return {"current": item, "queue": rest, "asked": [item["id"]]}

    def await_answer(state: SessionState) -> dict:
        item = state["current"]
        number = sum(not i.endswith("#follow-up") for i in state.get("asked", []))
        return {"answer": interrupt({**item, "number": number,  # type: ignore[typeddict-item]
                                     "remaining": len(state.get("queue", []))})}

    def grade(state: SessionState) -> dict:
        item, answer = state["current"], state.get("answer", "")
        assert item is not None
        if not answer.strip():
            return {"results": [{"question": item["text"], "topic": item["topic"],
                                 "skipped": True}]}
        result = context.grader.grade_with(context.rubric(item), answer)
        at: datetime = context.clock()
        context.history.record(attempt_from_grade(context.session_id, item["text"], answer,
                                                  result, at, item["difficulty"]))
        update: dict = {"results": [{**result.to_dict(), "question": item["text"],
                                     "question_id": item["id"], "topic": item["topic"],
                                     "follow_up": item["follow_up"], "answer": answer}]}
        if (context.follow_ups and not item["follow_up"] and result.missing
                and result.score < FOLLOW_UP_BELOW):
            update["queue"] = [follow_up_for(item, result.missing[0]), *state.get("queue", [])]
        return update

    def next_step(state: SessionState) -> str:
        deadline = state.get("deadline")
        out_of_time = bool(deadline) and context.clock() >= datetime.fromisoformat(deadline)
        return "ask" if state.get("queue") and not out_of_time else "summary"

    def summary(state: SessionState) -> dict:
        return {"summary": summarize_results(state.get("results", []))}

    graph = StateGraph(SessionState)
    graph.add_node("ask", ask)
    graph.add_node("await_answer", await_answer)
    graph.add_node("grade", grade)
    graph.add_node("summary", summary)
    graph.add_conditional_edges(START, next_step, ["ask", "summary"])
    graph.add_edge("ask", "await_answer")
    graph.add_edge("await_answer", "grade")
    graph.add_conditional_edges("grade", next_step, ["ask", "summary"])
    graph.add_edge("summary", END)
    return graph.compile(checkpointer=checkpointer)
