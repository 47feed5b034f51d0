"""Tag each chunk with one of the six practice topics.

A chunk's topic is the one whose description it is most similar to in meaning, nudged by cues
in its section heading (a guide's "Coding & Data Structures" section is about coding even where
a sentence in it mentions the job). Descriptions are embedded once per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ingest.embedder import Embed

TOPICS: tuple[str, ...] = ("coding", "system_design", "genai", "ml_fundamentals", "behavioral",
                           "role")

TOPIC_DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "coding": (
        "Write a Python function that solves an algorithm problem efficiently.",
        "Data structures: arrays, linked lists, hash maps, stacks, queues, trees and graphs.",
        "Sorting, searching, recursion, dynamic programming, BFS and DFS graph traversal.",
        "Time and space complexity, big-O, clean and testable production code.",
        "Vectorised data manipulation with NumPy and Pandas.",
    ),
    "system_design": (
        "Design an end-to-end machine learning system from data ingestion to inference.",
        "MLOps: CI/CD pipelines for models, automated retraining, model registry, deployment.",
        "Monitoring production models for data drift and concept drift.",
        "Serving models at scale with low latency: microservices, Docker, Kubernetes.",
        "Cloud ML infrastructure on AWS: SageMaker, EMR, Lambda, Bedrock.",
        "Batch versus stream processing, feature stores, real-time fraud detection architecture.",
    ),
    "genai": (
        "Large language models, transformers, self-attention with queries, keys and values.",
        "Retrieval-augmented generation with embeddings and a vector database.",
        "AI agents: multi-agent orchestration, tool use and memory with LangChain or LangGraph.",
        "Prompt engineering, fine-tuning a foundation model, guardrails.",
        "Reducing hallucinations and evaluating the output of a generative model.",
    ),
    "ml_fundamentals": (
        "Supervised and unsupervised learning: regression, classification and clustering.",
        "Regularization, overfitting, the bias-variance trade-off, vanishing gradients.",
        "Evaluation metrics: precision, recall, F1-score, ROC-AUC, cross-validation.",
        "Feature engineering: missing data, outliers, categorical variables.",
        "Statistics, experimental design and A/B testing; explainability with SHAP and LIME.",
    ),
    "behavioral": (
        "Tell me about a time you had a conflict with a colleague or stakeholder.",
        "Describe a failure or a missed deadline and what you learned from it.",
        "Teamwork, leadership, communication with non-technical people, prioritisation.",
        "Answer with the STAR method: situation, task, action and result.",
    ),
    "role": (
        "The job: team, responsibilities, required qualifications and preferred skills.",
        "Eligibility, education, internship length, start date, location and hybrid work.",
        "Benefits, mentorship, compensation and conversion to a full-time offer.",
        "The hiring process: application, recruiter screen, technical screen, final round.",
        "Why this company and what the role involves day to day.",
    ),
}

SECTION_CUES: dict[str, re.Pattern[str]] = {
    "coding": re.compile(r"\bcod(e|ing)\b|data structure|algorithm", re.I),
    "system_design": re.compile(r"system design|mlops|architecture|infrastructure", re.I),
    "genai": re.compile(r"generative|genai|\bllms?\b|agentic|\bagents?\b|\brag\b", re.I),
    "ml_fundamentals": re.compile(r"classical ml|statistic|fundamental|ml theory", re.I),
    "behavioral": re.compile(r"behaviou?r|situation|soft skills", re.I),
    "role": re.compile(r"responsibilit|requirement|qualification|benefit|how to apply|overview"
                       r"|interview process|why join|frequently asked|about the (role|team)"
                       r"|compensation|what is a", re.I),
}
SECTION_CUE_BONUS = 0.08


@dataclass
class TopicTagger:
    """Holds the embedded topic descriptions; call `tag` with chunk texts and their sections."""

    embed: Embed
    _prototypes: dict[str, np.ndarray] | None = None

    def prototypes(self) -> dict[str, np.ndarray]:
        if self._prototypes is None:
            self._prototypes = {t: self.embed(list(d)) for t, d in TOPIC_DESCRIPTIONS.items()}
        return self._prototypes

    def scores(self, vectors: np.ndarray, sections: list[str]) -> np.ndarray:
        """(chunks x topics) similarity: mean of the best two description matches, plus cues."""
        columns = []
        for topic in TOPICS:
            sims = np.sort(vectors @ self.prototypes()[topic].T, axis=1)[:, -2:]
            bonus = np.array([SECTION_CUE_BONUS if SECTION_CUES[topic].search(s) else 0.0
                              for s in sections])
            columns.append(sims.mean(axis=1) + bonus)
        return np.stack(columns, axis=1)

    def tag(self, vectors: np.ndarray, sections: list[str]) -> list[str]:
        if len(vectors) == 0:
            return []
        best = self.scores(vectors, sections).argmax(axis=1)
        return [TOPICS[i] for i in best]
