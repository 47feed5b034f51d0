"""Chunking keeps headings with their lists, records sections and offsets, and fits MiniLM."""

from __future__ import annotations

from ingest.chunking import chunk_lines, heading_text
from ingest.cleaning import clean_lines, split_lines
from ingest.embedder import Embedder
from tests.conftest import GUIDE, JOB_AD


def _chunks(text: str):
    return chunk_lines(split_lines(text), "doc.md")


def test_heading_and_its_list_items_stay_in_one_chunk() -> None:
    text = ("# Requirements\nYou will need:\n- Python\n- PyTorch\n- SQL\n"
            "# Benefits\n- Mentorship\n- Hybrid work\n")
    chunks = _chunks(text)
    assert [c.section for c in chunks] == ["Requirements", "Benefits"]
    assert chunks[0].text == "Requirements\nYou will need:\n- Python\n- PyTorch\n- SQL"
    assert chunks[1].text == "Benefits\n- Mentorship\n- Hybrid work"


def test_offsets_point_into_the_document() -> None:
    text = "Intro line of text that is long enough to be a paragraph.\n\n# Part\nBody one.\n"
    for chunk in _chunks(text):
        body = chunk.text.split("\n")[-1]
        assert body in text[chunk.start:chunk.end]
        assert text[chunk.start:chunk.end].endswith(body)


def test_stacked_headings_are_all_kept_and_the_nearest_names_the_section() -> None:
    chunks = _chunks("Key Responsibilities\nCore Tasks\n- Build models\n- Ship them\n")
    assert chunks[0].section == "Core Tasks"
    assert chunks[0].text.startswith("Key Responsibilities\nCore Tasks\n- Build")


def test_long_sections_split_between_items_and_sentences_and_repeat_the_heading() -> None:
    items = "\n".join(f"- Item number {i} explains one more thing about model serving."
                      for i in range(60))
    sentences = " ".join(f"Sentence {i} talks about gradient descent in detail." for i in range(80))
    chunks = _chunks(f"# Serving\n{items}\n# Theory\n{sentences}\n")
    serving = [c for c in chunks if c.section == "Serving"]
    theory = [c for c in chunks if c.section == "Theory"]
    assert len(serving) > 1 and len(theory) > 1
    assert all(c.text.startswith("Serving\n- Item number") for c in serving)
    assert all(c.text.startswith("Theory\nSentence") for c in theory)
    # no item or sentence is cut in half, and nothing is lost
    assert sum(c.text.count("- Item number") for c in serving) == 60
    assert all(c.text.rstrip().endswith(".") for c in theory)
    assert sum(c.text.count("Sentence ") for c in theory) == 80


def test_heading_detection() -> None:
    assert heading_text("## Attention") == "Attention"
    assert heading_text("3. Interview Process Overview") == "3. Interview Process Overview"
    assert heading_text("Why Join?") == "Why Join?"
    assert heading_text("- Python Proficiency") is None
    assert heading_text("Example questions or scenarios:") is None
    assert heading_text("🔗 More information: https://example.com") is None
    assert heading_text("This sentence is a normal paragraph line that ends.") is None


def test_default_corpus_chunks_fit_the_model_window(embedder: Embedder) -> None:
    from tokenizers import Tokenizer

    from ingest.embedder import bundled_model_path

    tokenizer = Tokenizer.from_file(f"{bundled_model_path()}/tokenizer.json")
    tokenizer.no_truncation()  # count every piece, as the model's own tokenizer sees them
    for path in (JOB_AD, GUIDE):
        text = path.read_text(encoding="utf-8")
        chunks = chunk_lines(clean_lines(text, embedder), path.name)
        assert chunks
        for chunk in chunks:
            assert len(tokenizer.encode(chunk.text).ids) <= 256
            assert chunk.section, "every chunk of these documents sits under a heading"


def test_numbered_items_are_list_items_in_a_markdown_document() -> None:
    chunks = _chunks("# Merging intervals\n1. Sort by start\n2. Sweep and merge\n")
    assert [(c.section, c.text) for c in chunks] == [
        ("Merging intervals", "Merging intervals\n1. Sort by start\n2. Sweep and merge")]
