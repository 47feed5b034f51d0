"""How sensitive chrome removal is to its margin: wrongly dropped and wrongly kept lines on the
default job ad, the interview guide and the synthetic board page of tests/data.

Run: `python -m bench.cleaning_margin`.
"""

from __future__ import annotations

from dataclasses import replace

from ingest.cleaning import CleaningPolicy, find_chrome, split_lines
from ingest.embedder import load_embedder
from ingest.settings import DEFAULT_CORPUS, PROJECT_ROOT

DATA = PROJECT_ROOT / "tests" / "data"
MARGINS = (0.08, 0.10, 0.12, 0.15, 0.18)


def labelled_pages() -> dict[str, tuple[list[str], list[bool]]]:
    markers = tuple((DATA / "job_ad_chrome_markers.txt").read_text(encoding="utf-8").splitlines())
    ad = [line.text for line in split_lines(
        (DEFAULT_CORPUS / "jpmc-mlcoe-nlp-internship-2026.txt").read_text(encoding="utf-8"))]
    guide = [line.text for line in split_lines(
        (DEFAULT_CORPUS / "jpmc-mle-interview-guide.txt").read_text(encoding="utf-8"))]
    board = (DATA / "board_page_annotated.txt").read_text(encoding="utf-8").splitlines()
    return {
        "job ad": (ad, [line.startswith(markers) for line in ad]),
        "guide": (guide, [False] * len(guide)),
        "board page": ([line.removeprefix("@@ ") for line in board],
                       [line.startswith("@@ ") for line in board]),
    }


if __name__ == "__main__":
    embed = load_embedder()
    pages = labelled_pages()
    print("margin " + " ".join(f"{name:>22}" for name in pages) + "   (dropped/kept wrongly)")
    for margin in MARGINS:
        policy = replace(CleaningPolicy(), margin=margin)
        cells = []
        for lines, chrome in pages.values():
            found = find_chrome(lines, embed, policy)
            dropped = sum(f and not c for f, c in zip(found, chrome))
            kept = sum(c and not f for f, c in zip(found, chrome))
            cells.append(f"{dropped:>10d}/{kept:<11d}")
        print(f"{margin:6.2f} " + " ".join(cells))
