"""Library: upload documents, watch them being indexed with per-file errors, browse chunks by
source and topic, search with scores, and remove a document."""

from __future__ import annotations

import streamlit as st

from ingest.library import (
    MAX_UPLOAD_BYTES,
    LibraryDocument,
    UploadError,
    chunks_of,
    documents,
    remove_document,
    save_upload,
)
from ingest.loaders import SUPPORTED_SUFFIXES
from ingest.topics import TOPICS
from ui import app_state as app
from ui.words import topic_name


def _upload() -> None:
    st.subheader("Add documents")
    files = st.file_uploader(
        "Job ads, interview guides, notes", accept_multiple_files=True,
        type=[s.lstrip(".") for s in SUPPORTED_SUFFIXES],
        max_upload_size=MAX_UPLOAD_BYTES // 2**20,
        help=f"Up to {MAX_UPLOAD_BYTES // 2**20} MB each; stored under PREP_HOME/uploads.")
    if not files or not st.button("Index these files"):
        return
    progress = st.progress(0.0, text="Indexing…")
    for number, upload in enumerate(files, 1):
        name = app.escaped(upload.name)
        progress.progress((number - 1) / len(files), text=f"Indexing {name}…")
        _index_upload(upload.name, upload.getvalue())
    progress.progress(1.0, text="Done")


def _index_upload(name: str, data: bytes) -> None:
    """One file: saved, indexed, reported. A failure is reported and the batch goes on."""
    from ingest.pipeline import ingest_paths

    shown = app.escaped(name)
    try:
        path = save_upload(name, data)
    except UploadError as exc:
        st.error(app.escaped(str(exc)))
        return
    try:
        report = ingest_paths(app.index(), [path])
    except Exception as exc:  # a store or model failure must not stop the other files
        report = None
        st.error(f"{shown}: could not be indexed ({app.escaped(str(exc))})")
    for error in report.errors if report else []:
        st.error(f"{shown}: {app.escaped(error.error)}")
    if report and report.documents:
        st.success(f"{shown}: {report.chunks} chunks "
                   f"({report.added} added, {report.unchanged} unchanged)")
    else:
        path.unlink(missing_ok=True)  # nothing indexed: keep no orphan the Library cannot show


def _browse() -> None:
    st.subheader("Indexed documents")
    docs = documents(app.index())
    if not docs:
        st.info("Nothing is indexed yet; add a document above.")
        return
    st.dataframe([{"document": d.source, "chunks": d.chunks,
                   "topics": ", ".join(f"{t} {n}" for t, n in sorted(d.topics.items()))}
                  for d in docs], hide_index=True, width="stretch")
    names = {d.source: d for d in docs}
    chosen = names[st.selectbox("Browse a document", list(names))]
    topic = st.selectbox("Topic", ("all", *TOPICS), key="library-topic")
    views = chunks_of(app.index(), chosen.path, None if topic == "all" else topic)
    st.caption(f"{len(views)} chunks")
    for view in views:
        label = f"{view.position + 1}. {view.section or '(no heading)'} · {view.topic}"
        with st.expander(app.escaped(label)):
            st.text(view.text)
    _remove(chosen)


def _remove(chosen: LibraryDocument) -> None:
    """Removing takes a tick first: the index is shared by every profile on this install."""
    sure = st.checkbox("I want to remove this document from the index (for every profile)",
                       key=f"remove-{chosen.path}")
    if st.button("Remove the document", disabled=not sure):
        removed = remove_document(app.index(), chosen.path)
        st.toast(f"Removed {app.escaped(chosen.source)} ({removed} chunks).")
        st.rerun()


def _plan() -> None:
    """The practice plan for each document that reads as a job ad (same as `prep plan`)."""
    from agents.questions.plan import BACKGROUND_NOTE, NO_MATERIAL, indexed_plans

    st.subheader("Practice plan for your job ads")
    plans = indexed_plans(app.index(), app.bank())
    if not plans:
        st.info("No indexed document reads as a job ad yet; add one above.")
        return
    for plan in plans:
        with st.expander(f"{plan.document}: {plan.summary}", expanded=len(plans) == 1):
            for requirement in plan.requirements:
                if requirement.background:
                    st.markdown(f":gray[· {app.escaped(requirement.text)}]  \n:gray["
                                f"{BACKGROUND_NOTE}]")
                elif requirement.covered:
                    st.markdown(f":green[✓] {app.escaped(requirement.text)}  \n:gray["
                                f"{topic_name(requirement.topic)} · "
                                f"{len(requirement.questions)} questions · "
                                f"{len(requirement.notes)} notes]")
                else:
                    st.markdown(f":red[✗] {app.escaped(requirement.text)}")
            if any(not r.covered for r in plan.practisable):
                st.caption(f"For what has no material yet: {NO_MATERIAL}.")


def _search() -> None:
    st.subheader("Search")
    from ingest.search import search

    query = st.text_input("Search your documents")
    topic = st.selectbox("Only topic", ("all", *TOPICS), key="search-topic")
    if not query.strip():
        return
    results = search(app.index(), query, 5, None if topic == "all" else topic)
    if not results:
        st.info("No results; add documents or widen the search.")
    for r in results:
        st.markdown(f"**{r.score:.3f}** · {app.escaped(r.source)} › "
                    f"{app.escaped(r.section)} · `{r.topic}`")
        st.text(" ".join(r.text.split())[:500])


def render() -> None:
    st.title("Library")
    _upload()
    _browse()
    _plan()
    _search()


app.guarded(render)
