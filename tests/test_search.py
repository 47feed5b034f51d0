"""Search: relevance on small documents, topic filter, k, duplicate folding, input errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.index import Index
from ingest.pipeline import ingest_paths
from ingest.search import SearchError, search, search_many
from tests.conftest import notes_folder


@pytest.fixture
def indexed(index: Index, docs: Path) -> Index:
    ingest_paths(index, [docs])
    return index


def test_best_result_answers_the_query(indexed: Index) -> None:
    results = search(indexed, "how do query, key and value vectors work?", k=3)
    assert results[0].source == "attention.md"
    assert results[0].score > results[-1].score
    assert {"text", "source", "section", "topic", "score"} == set(results[0].to_dict())


def test_topic_filter_only_returns_that_topic(indexed: Index) -> None:
    topics = {r.topic for r in search(indexed, "interview answer", k=10)}
    assert len(topics) > 1
    for topic in topics:
        results = search(indexed, "interview answer", k=10, topic=topic)
        assert results and {r.topic for r in results} == {topic}


def test_k_limits_the_results(indexed: Index) -> None:
    assert len(search(indexed, "attention", k=1)) == 1
    assert len(search(indexed, "attention", k=50)) == indexed.store.count()


def test_a_copied_file_shows_up_once(index: Index, docs: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(docs / "star.txt", copy / "star-again.txt")
    ingest_paths(index, [docs, copy])
    results = search(index, "STAR method situation task action result", k=3)
    assert sum("STAR method" in r.text for r in results) == 1


def test_batch_returns_one_list_per_query(indexed: Index) -> None:
    rows = search_many(indexed, ["merge intervals", "multi-head attention"], k=2)
    assert [row[0].source for row in rows] == ["intervals.txt", "attention.md"]


@pytest.mark.parametrize("query, k, topic, message", [
    ("   ", 5, None, "empty query"),
    ("drift", 0, None, "at least 1"),
    ("drift", 5, "astrology", "unknown topic"),
])
def test_bad_requests_say_what_to_do(indexed: Index, query: str, k: int, topic: str | None,
                                     message: str) -> None:
    with pytest.raises(SearchError, match=message):
        search(indexed, query, k, topic)


def test_search_on_an_empty_index_returns_nothing(index: Index) -> None:
    assert search(index, "anything") == []


def test_the_candidates_own_document_is_found_before_a_note_on_the_subject(
        index: Index, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    notes = notes_folder(tmp_path, monkeypatch)
    (notes / "star.md").write_text(
        "# STAR answers\nA STAR answer should take about two minutes; interviewers decide "
        "quickly whether the story has a clear result.\n", encoding="utf-8")
    (notes / "kafka.md").write_text(
        "# Kafka\nKafka keeps ordered, replicated partitions; consumer groups share them.\n",
        encoding="utf-8")
    own = tmp_path / "guide.md"
    own.write_text("# FAQ\nQ: When will I hear back? Decisions following a Superday are "
                   "often communicated within a week.\n", encoding="utf-8")
    ingest_paths(index, [notes, own])
    kinds = {m["source"]: m["kind"] for m in index.store.metadata_where().values()}
    assert kinds == {"star.md": "note", "kafka.md": "note", "guide.md": "document"}
    [first, *_] = search(index, "how quickly are decisions made after the final round", k=2)
    assert first.source == "guide.md" and -1.0 <= first.score <= 1.0
    assert search(index, "Kafka consumer groups", k=1)[0].source == "kafka.md"


def test_word_search_finds_a_rare_name_and_follows_new_ingests(
        index: Index, tmp_path: Path) -> None:
    from ingest.lexical import lexical_index
    from ingest.search import retrieve

    folder = tmp_path / "notes"
    folder.mkdir()
    for n in range(40):  # passages close in meaning, sharing the query's common words
        (folder / f"n{n}.md").write_text(
            f"# Data quality {n}\nWhich data quality checks run on pipelines: row counts, "
            f"null rates and schema checks on every run, case {n}.\n", encoding="utf-8")
    ingest_paths(index, [folder])
    query = "Which data quality checks does Zorblax run on pipelines?"
    assert len(lexical_index(index.store).ids) == 40
    (folder / "tool.md").write_text("# Vendors\nProcurement approved Zorblax last spring.\n",
                                    encoding="utf-8")
    ingest_paths(index, [folder])
    words = lexical_index(index.store)  # rebuilt: the store has one chunk more
    best, _ = words.search(query, 5)[0]
    assert "Zorblax" in words.texts[best]
    dense = retrieve(index, index.embedder([query]), 41)[0]
    assert "Zorblax" not in " ".join(h.text for h in dense[:20])  # the vectors blur the name


def test_passages_carry_their_skill_and_search_keeps_to_one(index: Index,
                                                           tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "stream.md").write_text(
        "# Kafka consumer groups\nEach partition goes to one consumer of a group; offsets are "
        "committed after processing.\n\n# Window functions\nROW_NUMBER() OVER (PARTITION BY "
        "user ORDER BY ts) numbers each user's rows; a CTE keeps the query readable.\n",
        encoding="utf-8")
    (folder / "misc.md").write_text("# Lunch\nThe canteen opens at noon on weekdays.\n",
                                    encoding="utf-8")
    ingest_paths(index, [folder])
    skills = {m["section"]: m["skill"] for m in index.store.metadata_where().values()}
    assert skills == {"Kafka consumer groups": "streaming", "Window functions": "sql",
                      "Lunch": ""}
    [only] = search(index, "how are partitions shared out", k=5, skill="sql")
    assert only.section == "Window functions"
    assert {r.section for r in search(index, "partitions", k=5, skill="streaming")} == {
        "Kafka consumer groups"}
    with pytest.raises(SearchError, match="unknown skill 'kafkaa'.*skills.yaml"):
        search(index, "partitions", skill="kafkaa")


def _stale_tagged_sql_note(index: Index, tmp_path: Path) -> tuple[Path, str]:
    """A stored one-chunk document on SQL whose skill tag has gone stale."""
    doc = tmp_path / "sql.md"
    doc.write_text("# Indexes\nA B-tree index on the join key turns a scan into a seek in "
                   "PostgreSQL.\n", encoding="utf-8")
    ingest_paths(index, [doc])
    [cid] = index.store.metadata_where()
    index.store.collection.update(ids=[cid], metadatas=[{"skill": "stale"}])
    return doc, cid


def test_an_older_store_gains_skills_on_the_next_ingest(index: Index, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest import pipeline

    doc, cid = _stale_tagged_sql_note(index, tmp_path)
    monkeypatch.setattr(pipeline, "PIPELINE_VERSION", "older")  # a store from before
    ingest_paths(index, [doc])
    assert index.store.metadata_where()[cid]["skill"] == "sql"


def test_a_changed_skill_vocabulary_retags_stored_documents(
        index: Index, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest import pipeline

    doc, cid = _stale_tagged_sql_note(index, tmp_path)
    ingest_paths(index, [doc])  # same text, same vocabulary: nothing to do
    assert index.store.metadata_where()[cid]["skill"] == "stale"
    monkeypatch.setattr(pipeline, "vocabulary_digest", lambda: "another vocabulary")
    ingest_paths(index, [doc])
    assert index.store.metadata_where()[cid]["skill"] == "sql"


def test_a_note_section_naming_no_skill_takes_the_notes(index: Index, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    notes = notes_folder(tmp_path, monkeypatch)
    (notes / "scd.md").write_text(
        "# Slowly changing dimensions\nA dimension table keeps history in a star schema.\n\n"
        "## Type 1\nOverwrite the old value in place; history is lost.\n", encoding="utf-8")
    ad = tmp_path / "ad.md"
    ad.write_text("# About you\nYou know SQL and star schemas.\n\n# Perks\nA gym budget and "
                  "free lunch on Fridays.\n", encoding="utf-8")
    ingest_paths(index, [notes, ad])
    skills = {(m["source"], m["section"]): m["skill"]
              for m in index.store.metadata_where().values()}
    assert skills[("scd.md", "Type 1")] == "data_modeling"
    assert skills[("ad.md", "Perks")] == ""


def test_a_store_from_before_tags_gains_them_when_opened(index: Index, tmp_path: Path) -> None:
    from ingest.pipeline import ensure_indexed, retag

    doc = tmp_path / "sql.md"
    doc.write_text("# Indexes\nA B-tree index on the join key turns a scan into a seek in "
                   "PostgreSQL.\n", encoding="utf-8")
    ingest_paths(index, [doc])
    [(cid, text, meta)] = index.store.chunks_where()
    old = {k: v for k, v in meta.items() if k not in ("skill", "kind")}
    vector = index.store.vectors_of([cid])[cid]
    index.store.collection.delete(ids=[cid])  # as an older version stored it
    index.store.collection.add(ids=[cid], embeddings=[vector.tolist()], documents=[text],
                               metadatas=[old])
    assert search(index, "B-tree", k=3, skill="sql") == []
    assert ensure_indexed(index) is None  # not empty: nothing is ingested again
    tagged = index.store.metadata_where()[cid]
    assert tagged["skill"] == "sql" and tagged["kind"] == "document"
    assert [r.section for r in search(index, "B-tree", k=3, skill="SQL")] == ["Indexes"]
    # a tag of an older vocabulary, or a kind with no skill, is read again too
    index.store.update_metadata([cid], [{**old, "kind": "document", "skill": "databases"}])
    assert retag(index) == 1 and index.store.metadata_where()[cid]["skill"] == "sql"
    index.store.collection.delete(ids=[cid])
    index.store.collection.add(ids=[cid], embeddings=[vector.tolist()], documents=[text],
                               metadatas=[{**old, "kind": "document"}])
    assert retag(index) == 1 and retag(index) == 0


def test_a_note_section_keeps_the_notes_subject_over_a_stray_behavioral_word() -> None:
    from ingest.skills import note_skill

    warmup = "Warm up the learning rate over the first steps; failure to do so diverges."
    assert note_skill("Learning-rate warmup", warmup, "deep_learning") == "deep_learning"
    assert note_skill("Kafka consumer groups", "Offsets and partitions.", "sql") == "streaming"
    assert note_skill("Giving feedback", "Say what you saw.", "communication") == "learning"


def test_a_term_a_document_defines_is_read_in_its_plain_words() -> None:
    from ingest.terms import defined_terms, in_document_terms

    terms = defined_terms([
        'If you pass the screen, you will move to the final round, often referred to as a '
        '"Superday." It is long.',
        "The Machine Learning Center of Excellence (MLCOE) builds models.",  # read by MiniLM
        "a model known as the best one",  # no name is given
        "The next step is known as the Expectation step.",  # a clause, not a phrase
        "The algorithm, also known as the Fast Fourier Transform",  # one word is too general
    ])
    assert terms == {"final round": "Superday"}
    assert in_document_terms("decisions after the Final Round of interviews", terms) == \
        "decisions after the Superday of interviews"
    assert in_document_terms("what is a roundabout", terms) is None  # whole words only


def test_a_document_that_defines_thousands_of_names_rewrites_only_what_a_query_says() -> None:
    from ingest.terms import defined_terms, in_document_terms

    # a hostile file: 5,000 made-up names around the one a question uses
    filler = " ".join(f"The quiet harbour{n} lamp, also known as Lamp{n}." for n in range(5000))
    terms = defined_terms([filler, "the final round, often referred to as a Superday"])
    assert len(terms) == 5001
    assert in_document_terms("what comes after the final round", terms) == \
        "what comes after the Superday"
    assert in_document_terms("the quiet harbour12 lamp is lit", terms) == "the Lamp12 is lit"
    assert in_document_terms("nothing here", terms) is None


def test_the_guides_faq_answers_a_question_in_plain_words(corpus_home, prep_home: Path) -> None:
    from tests.conftest import indexed_corpus

    indexed_corpus(corpus_home, prep_home)
    results = search(Index.open(), "how quickly are decisions made after the final round of "
                                   "interviews", k=3)
    assert any("Decisions following a Superday are often communicated within a week"
               in r.text for r in results), [r.section for r in results]


def test_notes_on_the_subject_never_crowd_the_candidates_own_answer_out_of_the_pool(
        index: Index, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With many notes closer in meaning and words than the ad's line, the notes alone filled
    the candidate pool: the ad's passage was never ranked at all (a pool of 4 here stands for
    the 50 of a corpus of a hundred notes)."""
    import ingest.search as search_module

    monkeypatch.setattr(search_module, "POOL", 4)
    notes = notes_folder(tmp_path, monkeypatch)
    for n in range(10):
        (notes / f"datasets-{n}.md").write_text(
            f"# Training datasets {n}\nTo improve the datasets used for training models, "
            f"audit labels, remove duplicates and rebalance classes (variant {n}).\n",
            encoding="utf-8")
    own = tmp_path / "internship.md"
    own.write_text("# What you will do\n- Support data curation initiatives to enhance data "
                   "quality\n- Attend internal and external conferences\n", encoding="utf-8")
    ingest_paths(index, [notes, own])
    results = search(index, "Will I help improve the datasets used for training models?", k=3)
    assert any(r.source == "internship.md" and "data curation" in r.text for r in results), \
        [r.source for r in results]
