"""The practice session: planning, the LangGraph loop with interrupts and follow-ups, and the
piped-stdin CLI quiz whose answers land in history."""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from agents.grading.grader import Grader
from agents.history.store import Attempt, History
from agents.practice.graph import SessionContext, build_graph, item_for
from agents.practice.planner import plan
from agents.questions.bank import default_bank
from ingest.pipeline import ingest_paths
from tests.conftest import CORPUS, corpus_grader
from ui.cli import main
from ui.report import report_markdown

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
BANK = default_bank()


def _attempt(question_id: str, topic: str, score: float, at: datetime) -> Attempt:
    return Attempt("s0", at, "q", "a", score, 5, "x", "test", question_id=question_id,
                   topic=topic)


def test_plan_filters_and_never_repeats() -> None:
    chosen = plan(BANK, [], T0, 10, topic="coding", difficulty="easy", rng=random.Random(1))
    assert chosen and all(q.topic == "coding" and q.difficulty == "easy" for q in chosen)
    assert len({q.id for q in chosen}) == len(chosen)


def test_plan_holds_back_questions_answered_well_this_week() -> None:
    coding = [q for q in BANK if q.topic == "coding"]
    attempts = [_attempt(q.id, "coding", 4.5, T0 - timedelta(days=2)) for q in coding[:-1]]
    attempts.append(_attempt(coding[-1].id, "coding", 4.5, T0 - timedelta(days=30)))
    assert [q.id for q in plan(BANK, attempts, T0, 5, topic="coding")] == [coding[-1].id]


def test_plan_leans_toward_weak_topics() -> None:
    attempts = [_attempt("x", "genai", 0.0, T0 - timedelta(days=20)),
                _attempt("y", "coding", 5.0, T0 - timedelta(days=20))]
    rng = random.Random(7)
    pool = tuple(q for q in BANK if q.topic in ("genai", "coding"))
    picks = Counter(plan(pool, attempts, T0, 1, rng=rng)[0].topic for _ in range(400))
    assert picks["genai"] > picks["coding"] * 1.4


@pytest.fixture(scope="module")
def grader(tmp_path_factory: pytest.TempPathFactory, corpus_home) -> Grader:
    return corpus_grader(corpus_home, tmp_path_factory.mktemp("practice-home"))


def test_session_asks_follows_up_skips_and_summarizes(grader: Grader, tmp_path: Path) -> None:
    history = History(tmp_path / "h.sqlite3")
    history.start_session("s1", "quiz", T0)
    by_id = {q.id: q for q in BANK}
    first, second = by_id["ml-l1-vs-l2-regularization"], by_id["coding-reverse-linked-list"]
    graph = build_graph(SessionContext(grader, history, "s1", by_id, clock=lambda: T0),
                        InMemorySaver())
    config = {"configurable": {"thread_id": "s1"}}
    state = graph.invoke({"queue": [item_for(first), item_for(second)]}, config)
    asked = state["__interrupt__"][0].value
    assert asked["text"] == first.text and asked["number"] == 1

    state = graph.invoke(Command(resume="L2 makes the weights smaller."), config)
    follow_up = state["__interrupt__"][0].value
    missed = state["results"][-1]["missing"][0]
    assert follow_up["follow_up"] and follow_up["probe"] == missed
    # the follow-up asks the point's authored probe; it never states the point
    authored = next(p.probe for p in first.points if p.text == missed)
    assert follow_up["text"] == f"Follow-up: {authored}" and missed not in follow_up["text"]

    state = graph.invoke(Command(resume=""), config)  # an empty answer skips the follow-up
    assert state["__interrupt__"][0].value["text"] == second.text

    state = graph.invoke(Command(resume=(
        "Walk the list with prev = None and curr = head; save next, point curr.next to prev, "
        "advance both; return prev as the new head. O(n) time, O(1) space.")), config)
    assert "__interrupt__" not in state
    summary = state["summary"]
    assert (summary["answered"], summary["skipped"]) == (2, 1)
    assert summary["weakest"] == first.text and summary["strongest"] == second.text
    assert state["asked"] == [first.id, f"{first.id}#follow-up", second.id]
    assert [a.question for a in history.attempts()] == [first.text, second.text]


def test_piped_quiz_records_every_answer(embedder, prep_home: Path) -> None:
    runner = CliRunner()
    answers = ("Sort the intervals by start and merge overlapping neighbours in one pass.\n\n"
               "Use a heap of size k keyed by squared distance.\n\n")
    result = runner.invoke(main, ["quiz", "-n", "2", "--topic", "coding", "--no-follow-ups"],
                           input=answers)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("→ ") == 2 and "Session summary" in result.stdout
    stats = json.loads(runner.invoke(main, ["stats", "--json"]).stdout)
    assert stats["attempts"] == 2 and list(stats["by_topic"]) == ["coding"]


def test_quiz_ends_cleanly_when_input_runs_out(embedder, prep_home: Path) -> None:
    result = CliRunner().invoke(main, ["quiz", "-n", "3", "--topic", "role"],
                                input="The Superday is a loop of 3 to 5 interviews.\n")
    assert result.exit_code == 0, result.output
    assert "Session summary" in result.stdout and "1 answered" in result.stdout


def test_interview_resumes_after_the_terminal_closes(embedder, prep_home: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(main, ["interview", "-n", "2"],
                          input="A first answer about the coding question.\n")
    assert first.exit_code == 0, first.output
    assert "prep interview --resume" in first.stdout
    # the interview ends by time; "/end" finishes it now, with the report
    resumed = runner.invoke(main, ["interview", "--resume"], input="\n" * 3 + "/end\n\n")
    assert resumed.exit_code == 0, resumed.output
    assert "Report saved to" in resumed.stdout
    report = next((prep_home / "reports").glob("interview-*.md")).read_text(encoding="utf-8")
    assert report.startswith("# Mock interview report") and "A first answer" in report
    sessions = json.loads(runner.invoke(main, ["history", "--json"]).stdout)
    assert [s["kind"] for s in sessions] == ["interview"] and sessions[0]["attempts"] == 1
    again = runner.invoke(main, ["interview", "--resume"])
    assert again.exit_code == 1 and "no unfinished mock interview" in again.stderr


def test_export_markdown_and_csv(embedder, prep_home: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    runner.invoke(main, ["grade", "-q", "What is the STAR method?", "-a",
                         "Situation, task, action, result: a way to tell a story."])
    markdown = runner.invoke(main, ["export"])
    assert markdown.exit_code == 0 and "## What is the STAR method?" in markdown.stdout
    out = tmp_path / "history.csv"
    assert runner.invoke(main, ["export", "--format", "csv", "-o", str(out)]).exit_code == 0
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("at,session_id,question_id") and len(rows) == 2
    missing = runner.invoke(main, ["export", "--session", "nope"])
    assert missing.exit_code == 1 and "prep history" in missing.stderr


# the authored probe of the first key point of ml-l1-vs-l2-regularization (its penalty terms)
L1_PENALTY_PROBE = "What penalty term does each one add to the loss?"


def _session(grader: Grader, tmp_path: Path, llm=None):
    history = History(tmp_path / "h.sqlite3")
    history.start_session("s2", "quiz", T0)
    by_id = {q.id: q for q in BANK}
    context = SessionContext(grader, history, "s2", by_id, clock=lambda: T0, llm=llm,
                             llm_timeout=0.5)
    graph = build_graph(context, InMemorySaver())
    config = {"configurable": {"thread_id": "s2"}}
    graph.invoke({"queue": [item_for(by_id["ml-l1-vs-l2-regularization"])]}, config)
    state = graph.invoke(Command(resume="L2 makes the weights smaller."), config)
    return state["__interrupt__"][0].value["text"], context.notices


def test_an_llm_writes_the_follow_up(grader: Grader, tmp_path: Path) -> None:
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    model = GenericFakeChatModel(messages=iter([AIMessage(
        content="What happens to a weight whose gradient is smaller than lambda under L1?")]))
    text, notices = _session(grader, tmp_path, model)
    assert text == ("Follow-up: What happens to a weight whose gradient is smaller than lambda "
                    "under L1?") and notices == []


@pytest.mark.parametrize("reply", ["Sure! Here is a long essay about regularization. " * 5,
                                   ""])
def test_unusable_llm_follow_ups_fall_back_to_the_authored_probe(grader: Grader,
                                                                tmp_path: Path,
                                                                reply: str) -> None:
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    model = GenericFakeChatModel(messages=iter([AIMessage(content=reply)]))
    text, notices = _session(grader, tmp_path, model)
    assert text == f"Follow-up: {L1_PENALTY_PROBE}" and len(notices) == 1


def test_tools_serve_an_llm_agent(grader: Grader) -> None:
    from agents.practice.tools import make_tools

    tools = {t.name: t for t in make_tools(grader, BANK, [], lambda: T0)}
    assert set(tools) == {"search_documents", "pick_questions", "grade_answer"}
    hits = tools["search_documents"].invoke({"query": "gradient clipping", "k": 2})
    assert len(hits) == 2 and "vanishing-gradients" in hits[0]["source"]
    picked = tools["pick_questions"].invoke({"topic": "genai", "count": 3})
    assert len(picked) == 3 and {p["topic"] for p in picked} == {"genai"}
    grade = tools["grade_answer"].invoke({"question": "What is RAG?", "answer": "Retrieval "
                                          "augmented generation grounds an LLM in documents."})
    assert 0 <= grade["score"] <= 5 and "citations" in grade


def test_requirements_of_an_indexed_job_ad_are_read(grader: Grader) -> None:
    from agents.questions.plan import indexed_documents, job_ads

    ingest_paths(grader.index, [CORPUS / "jpmc-mlcoe-nlp-internship-2026.txt"])
    ads = job_ads(indexed_documents(grader.index))
    requirements = ads["jpmc-mlcoe-nlp-internship-2026.txt"]
    assert ("Proficient in Python with hands-on experience in deep learning frameworks "
            "(PyTorch, TensorFlow, or similar)") in requirements
    assert not any(r.endswith(":") for r in requirements)
    assert not any(source.startswith("knowledge/") for source in ads)
    assert len(set(requirements)) == len(requirements) > 10


class ToolCallingFake:
    """A scripted chat model that can 'call tools': replies come from a list, in order."""

    def __new__(cls, replies: list, delay: float = 0.0):
        import time

        from langchain_core.language_models.fake_chat_models import GenericFakeChatModel

        class _Model(GenericFakeChatModel):
            def bind_tools(self, tools, **kwargs):  # the scripted replies already hold the calls
                return self

            def _generate(self, *args, **kwargs):
                time.sleep(delay)
                return super()._generate(*args, **kwargs)

        return _Model(messages=iter(replies))


def _search_call(query: str) -> object:
    from langchain_core.messages import AIMessage

    return AIMessage(content="", tool_calls=[{"name": "search_documents", "id": "call-1",
                                              "args": {"query": query, "k": 2}}])


def _written_session(grader: Grader, tmp_path: Path, model) -> tuple[dict, SessionContext, dict]:
    from agents.practice.graph import with_written

    history = History(tmp_path / "h.sqlite3")
    history.start_session("s3", "quiz", T0)
    by_id = {q.id: q for q in BANK}
    context = SessionContext(grader, history, "s3", by_id, clock=lambda: T0, llm=model,
                             llm_timeout=0.5, follow_ups=False)
    graph = build_graph(context, InMemorySaver())
    config = {"configurable": {"thread_id": "s3"}}
    queue = with_written([item_for(by_id["ml-l1-vs-l2-regularization"])], every=1)
    state = graph.invoke({"queue": queue}, config)
    return state["__interrupt__"][0].value, context, config


WRITTEN = ('{"question": "Why does gradient clipping help when training recurrent networks?", '
           '"key_points": ["Clipping caps the gradient norm so exploding gradients cannot '
           'blow up the update", "It does not fix vanishing gradients; gated units such as '
           'LSTM do"]}')


def test_an_llm_agent_searches_the_documents_then_writes_a_question(grader: Grader,
                                                                     tmp_path: Path) -> None:
    from langchain_core.messages import AIMessage

    model = ToolCallingFake([_search_call("gradient clipping exploding gradients"),
                             AIMessage(content=WRITTEN)])
    asked, context, config = _written_session(grader, tmp_path, model)
    assert asked["text"] == "Why does gradient clipping help when training recurrent networks?"
    assert asked["id"].startswith("llm-") and context.notices == []

    # The written key points become the rubric (a question written without a search fails).
    grade = context.grader.grade_with(context.rubric(asked), (
        "Clipping caps the gradient norm, so an exploding gradient cannot blow up one update."))
    assert grade.covered and "vanishing" in " ".join(grade.missing)


@pytest.mark.parametrize(("replies", "why"), [
    (["Here is a great question about regularization for you."], "without reading"),
    ([_search_call("regularization"), "I think you should ask about L1."], "not the JSON"),
    ([_search_call("regularization"), '{"question": "L1?", "key_points": []}'],
     "no single short question"),
    ([_search_call("regularization")] * 5, "no question after"),
])
def test_unusable_llm_questions_fall_back_to_the_bank(grader: Grader, tmp_path: Path,
                                                      replies: list, why: str) -> None:
    asked, context, _ = _written_session(grader, tmp_path, ToolCallingFake(replies))
    assert asked["id"] == "ml-l1-vs-l2-regularization"
    assert len(context.notices) == 1 and why in context.notices[0]


def test_a_model_that_cannot_call_tools_falls_back(grader: Grader, tmp_path: Path) -> None:
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel

    asked, context, _ = _written_session(grader, tmp_path,
                                         GenericFakeChatModel(messages=iter([WRITTEN])))
    assert asked["id"] == "ml-l1-vs-l2-regularization"
    assert "cannot call tools" in context.notices[0]


def test_a_tool_call_to_an_unknown_tool_is_answered_not_raised(grader: Grader,
                                                               tmp_path: Path) -> None:
    from langchain_core.messages import AIMessage

    bad = AIMessage(content="", tool_calls=[{"name": "delete_everything", "id": "x",
                                             "args": {}}])
    model = ToolCallingFake([bad, _search_call("gradient clipping"), AIMessage(WRITTEN)])
    asked, context, _ = _written_session(grader, tmp_path, model)
    assert asked["text"].startswith("Why does gradient clipping") and context.notices == []


def test_a_hung_llm_times_out_to_the_offline_follow_up(grader: Grader, tmp_path: Path) -> None:
    from langchain_core.messages import AIMessage

    slow = ToolCallingFake([AIMessage(content="Would you ever use both penalties at once?")],
                           delay=3.0)
    text, notices = _session(grader, tmp_path, slow)
    assert text == f"Follow-up: {L1_PENALTY_PROBE}"
    assert notices == ["LLM follow-up skipped (no reply within 0.5 s); using the offline "
                       "wording."]


def test_the_interview_coding_round_runs_the_code(embedder, prep_home: Path) -> None:
    from agents.coding import get_problem

    # The first unsolved problem; empty lines inside code stay part of the answer.
    answer = "import math\n\n\ndef unused():\n    pass\n\n\n" + get_problem(
        "coin-change").reference.strip()
    result = CliRunner().invoke(main, ["interview", "-n", "1"], input=answer + "\nEOF\n")
    assert result.exit_code == 0, result.output
    assert "Fewest coins for an amount" in result.stdout and "→ 5.0 / 5" in result.stdout
    attempt = History().attempts()[0]
    assert (attempt.question_id, attempt.topic, attempt.score) == ("coin-change", "coding", 5.0)
    assert attempt.grader.startswith("coding-runner")


def test_quiz_code_reports_failing_tests_as_missed_points(embedder, prep_home: Path) -> None:
    wrong = "def min_coins(coins, amount):\n    return -1\nEOF\n"
    result = CliRunner().invoke(main, ["quiz", "-n", "1", "--code"], input=wrong)
    assert result.exit_code == 0, result.output
    attempt = History().attempts()[0]
    assert attempt.question_id == "coin-change" and attempt.score < 2.5
    assert any(point.startswith("visible test") for point in attempt.missing)


def test_every_follow_up_keeps_its_point_to_itself(grader: Grader, tmp_path: Path) -> None:
    """For each of a spread of bank questions, a weak answer draws a follow-up that shares no
    distinctive word with the point it probes."""
    from agents.grading.text import content_stems
    from agents.questions.checks import Rarity

    rarity = Rarity(p.text for q in BANK for p in q.points)
    by_id = {q.id: q for q in BANK}
    for n, question in enumerate([q for q in BANK if q.topic != "coding"][::97]):
        history = History(tmp_path / f"h{n}.sqlite3")
        history.start_session(f"s{n}", "quiz", T0)
        context = SessionContext(grader, history, f"s{n}", by_id, clock=lambda: T0)
        graph = build_graph(context, InMemorySaver())
        config = {"configurable": {"thread_id": f"s{n}"}}
        graph.invoke({"queue": [item_for(question)]}, config)
        state = graph.invoke(Command(resume="I am not sure, it depends on the data."), config)
        follow_up = state["__interrupt__"][0].value
        point = follow_up["probe"]
        others = [p.text for p in question.points if p.text != point]
        leaked = set(rarity.distinctive(point, question.text, others)) & set(
            content_stems(follow_up["text"]))
        assert not leaked, (question.id, follow_up["text"])


def test_an_llm_follow_up_that_names_the_point_is_replaced(grader: Grader,
                                                           tmp_path: Path) -> None:
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    by_id = {q.id: q for q in BANK}
    question = by_id["ml-l1-vs-l2-regularization"]
    point = next(p for p in question.points if "zero" in p.text.lower())
    leaky = GenericFakeChatModel(messages=iter([AIMessage(
        content="Which penalty drives weights to exactly zero and gives sparse models?")]))
    context = SessionContext(grader, History(tmp_path / "h.sqlite3"), "s", by_id, llm=leaky)
    assert context.follow_up_wording(item_for(question), "L2 shrinks.", point.text) is None
    assert "named the missed point" in context.notices[-1]


def test_a_point_covered_when_probed_is_not_left_to_study() -> None:
    from agents.practice.summary import summarize_results
    from ui.report import report_markdown

    main_q = {"question": "Q1", "topic": "ml", "score": 2.0, "verdict": "partial",
              "covered": ["a"], "missing": ["b", "c"], "citations": [], "answer": "x",
              "model_answer": "m", "follow_up": False}
    probe = {"question": "Follow-up: why?", "topic": "ml", "score": 4.5, "verdict": "strong",
             "covered": ["b"], "missing": [], "citations": [], "answer": "y",
             "model_answer": "", "follow_up": True, "probed_point": "b"}
    ungraded = {"question": "Q2", "topic": "ml", "score": None, "verdict": "not graded",
                "covered": [], "missing": [], "citations": [], "answer": "z",
                "model_answer": "", "follow_up": False, "reason": "no notes on this"}
    summary = summarize_results([main_q, probe, ungraded])
    assert summary["missed_points"] == ["c"] and summary["cleared_points"] == ["b"]
    assert summary["not_graded"] == 1 and summary["answered"] == 2
    report = report_markdown("s", summary, [main_q, probe, ungraded])
    assert "- covered when probed: b" in report and "- missed: b" not in report
    assert "Not graded: no notes on this." in report
    # a follow-up that still misses its point clears nothing
    weak = {**probe, "score": 1.0, "covered": [], "missing": ["b"]}
    assert summarize_results([main_q, weak])["missed_points"] == ["b", "c"]


def _result(topic: str, score: float, question: str = "Q") -> dict:
    return {"question": question, "topic": topic, "score": score, "verdict": "v",
            "covered": [], "missing": [], "follow_up": False, "answer": "a",
            "model_answer": "m",
            "citations": [{"source": "guide.md", "section": "Superday", "text": "t"}]}


def test_the_debrief_gives_a_readiness_verdict_per_round_with_its_rule() -> None:
    from agents.practice.summary import summarize_results

    results = [_result("coding", 4.5, "**Two sum**\n\nGiven..."), _result("coding", 2.3),
               _result("ml_fundamentals", 4.0, "Bias and variance?"),
               _result("genai", 4.2, "What is RAG?"),
               _result("system_design", 3.9), _result("system_design", 2.0),
               _result("behavioral", 2.0), _result("behavioral", 2.4),
               {"question": "Skipped one", "topic": "behavioral", "skipped": True}]
    summary = summarize_results(results)
    verdicts = {r["round"]: (r["answers"], r["verdict"]) for r in summary["readiness"]}
    assert verdicts == {"Coding": (2, "getting there"), "ML theory": (2, "ready"),
                        "ML system design": (2, "getting there"),
                        "Behavioral": (2, "not yet")}
    assert "at least 2 graded answers" in summary["readiness_rule"]
    assert summary["strengths"] == ["**Two sum**\n\nGiven...", "What is RAG?",
                                    "Bias and variance?"]
    one = summarize_results([_result("coding", 5.0)])
    assert one["readiness"] == [{"round": "Coding", "answers": 1, "mean": 5.0,
                                 "verdict": "too few to judge"}]
    report = report_markdown("s", summary, results)
    assert "| ML theory | 2 | 4.1 | ready |" in report and "## Strengths\n\n- Two sum" in report
    assert "Sources: guide.md › Superday" in report and "- Coding: 3.4" in report


def test_an_interview_ends_by_time_not_by_count(grader: Grader, tmp_path: Path) -> None:
    history = History(tmp_path / "h.sqlite3")
    history.start_session("s-time", "interview", T0)
    by_id = {q.id: q for q in BANK}
    clock = {"now": T0}
    context = SessionContext(grader, history, "s-time", by_id, follow_ups=False,
                             clock=lambda: clock["now"])
    graph = build_graph(context, InMemorySaver())
    config = {"configurable": {"thread_id": "s-time"}}
    first = by_id["ml-l1-vs-l2-regularization"]
    deadline = (T0 + timedelta(minutes=45)).isoformat()
    state = graph.invoke({"queue": [item_for(first)], "deadline": deadline}, config)
    asked = state["__interrupt__"][0].value
    assert asked["minutes"] == 5 and asked["asked_at"] == T0.isoformat()
    clock["now"] = T0 + timedelta(minutes=4)
    state = graph.invoke(Command(resume="L1 zeroes weights; L2 shrinks them."), config)
    more = state["__interrupt__"][0].value  # the one planned question is done, time is not
    assert more["id"] != first.id and not more["follow_up"]
    clock["now"] = T0 + timedelta(minutes=46)
    state = graph.invoke(Command(resume="An answer given after the time was up."), config)
    assert "__interrupt__" not in state and state["summary"]["answered"] == 2
    taken = [(r["seconds"], r["budget_minutes"]) for r in state["results"]]
    assert taken[0] == (240, 5) and taken[1][0] == 42 * 60  # time taken, for the debrief
    report = report_markdown("s-time", state["summary"], state["results"])
    assert "## Question 1 · ML fundamentals · 4 min 0 s of 5 min" in report


def test_follow_ups_do_not_count_as_answers_of_a_round_nor_as_questions() -> None:
    from agents.practice.summary import summarize_results
    from ui.report import labelled

    main_q = _result("coding", 4.5, "Q1")
    probe = {**_result("coding", 4.5, "Follow-up: why?"), "follow_up": True}
    later = _result("behavioral", 3.0, "Q2")
    summary = summarize_results([main_q, probe, later])
    assert summary["readiness"][0] == {"round": "Coding", "answers": 1, "mean": 4.5,
                                       "verdict": "too few to judge"}
    assert [label for label, _ in labelled([main_q, probe, later])] == [
        "Question 1", "Follow-up", "Question 2"]
