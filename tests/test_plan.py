"""`prep plan`: a job ad's requirements mapped to skills, bank questions and notes, with what
has no material said plainly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from agents.questions.bank import default_bank
from agents.questions.requirements import labelled_items
from tests.conftest import indexed_corpus
from ui.cli import main

AD = """# Senior Data Engineer, Payments Platform

## About us
We move money for two million small businesses.

## What you'll bring
- Strong SQL, including window functions and query plans
- Experience running Kafka consumers and Spark jobs in production
- You model data with star schemas and slowly changing dimensions
- Fluency in reading medieval Latin manuscripts aloud

## Benefits
- Twenty-five days of paid leave every year
"""


@pytest.fixture
def home(corpus_home, prep_home: Path) -> Path:
    return indexed_corpus(corpus_home, prep_home)


def _plan(tmp_path: Path) -> dict:
    ad = tmp_path / "data-engineer.md"
    ad.write_text(AD, encoding="utf-8")
    result = CliRunner().invoke(main, ["plan", str(ad), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_an_ads_requirements_map_to_skills_questions_and_notes(home: Path,
                                                               tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    assert set(plan) == {"document", "requirements", "coverage"}
    by_text = {r["text"].split(",")[0].split(" and ")[0]: r for r in plan["requirements"]}
    assert set(plan["requirements"][0]) == {"text", "skills", "topic", "questions", "notes",
                                            "covered"}
    # found under "What you'll bring", a heading without the word "requirements";
    # the benefits line is not a requirement
    assert len(plan["requirements"]) == 4
    skill_of = {q.id: q.skill for q in default_bank()}
    sql = by_text["Strong SQL"]
    assert "sql" in sql["skills"] and sql["covered"]
    assert sql["questions"] and all(skill_of[q] == "sql" for q in sql["questions"])
    streaming = by_text["Experience running Kafka consumers"]
    assert {"streaming", "spark"} <= set(streaming["skills"]) and streaming["questions"]
    modelling = by_text["You model data with star schemas"]
    assert "data_modeling" in modelling["skills"] and modelling["covered"]
    latin = by_text["Fluency in reading medieval Latin manuscripts aloud"]
    assert not latin["covered"] and latin["questions"] == [] and latin["notes"] == []
    assert plan["coverage"] == 0.75


def test_the_plan_says_what_has_no_material_and_how_to_add_it(home: Path,
                                                              tmp_path: Path) -> None:
    ad = tmp_path / "data-engineer.md"
    ad.write_text(AD, encoding="utf-8")
    out = CliRunner().invoke(main, ["plan", str(ad)]).stdout
    assert "75% covered" in out and "✗ Fluency in reading medieval Latin" in out
    assert "corpus/knowledge/" in out


def test_default_plan_reads_the_indexed_job_ad(home: Path) -> None:
    result = CliRunner().invoke(main, ["plan", "--json"])
    plan = json.loads(result.stdout)
    assert plan["document"] == "jpmc-mlcoe-nlp-internship-2026.txt"
    assert len(plan["requirements"]) >= 20 and plan["coverage"] >= 0.8


def test_a_file_that_is_not_an_ad_or_not_readable_is_one_line(home: Path,
                                                             tmp_path: Path) -> None:
    empty = tmp_path / "notes.pdf"
    empty.write_bytes(b"not a pdf")
    result = CliRunner().invoke(main, ["plan", str(empty)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    prose = tmp_path / "story.md"
    prose.write_text("Once upon a time there was a small village by the sea.\n")
    result = CliRunner().invoke(main, ["plan", str(prose), "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["requirements"] == []


def test_quiz_from_docs_asks_the_plan_and_never_scores_a_self_assessment(
        home: Path, tmp_path: Path) -> None:
    from agents.history.store import History

    ad = tmp_path / "data-engineer.md"
    ad.write_text(AD, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(ad)]).exit_code == 0
    plans = json.loads(runner.invoke(main, ["plan", "--json"]).stdout)
    plans = plans if isinstance(plans, list) else [plans]
    assert {p["document"] for p in plans} == {"data-engineer.md",
                                              "jpmc-mlcoe-nlp-internship-2026.txt"}
    mapped = {q for p in plans for r in p["requirements"] for q in r["questions"]}
    result = runner.invoke(main, ["quiz", "--from-docs", "-n", "6", "--no-follow-ups"],
                           input="I have used this at work on a large project.\n\n" * 6)
    assert result.exit_code == 0, result.output
    attempts = History().attempts()
    assert len(attempts) == 6
    selves = [a for a in attempts if a.question.startswith("Self-assessment (not scored)")]
    banked = [a for a in attempts if a not in selves]
    assert 1 <= len(selves) <= 2 and all(a.verdict == "not graded" for a in selves)
    assert banked and all(a.question_id in mapped for a in banked)  # only the ads' questions
    assert "not scored" in result.stdout


def test_a_phrase_names_one_skill_and_offers_are_not_asks() -> None:
    from agents.questions.plan import requirements_of, skills_named
    from ingest.chunking import chunk_lines
    from ingest.cleaning import clean_lines

    assert "learning" not in skills_named("Practical deep learning and machine learning")
    assert "deep_learning" in skills_named("Practical deep learning")
    ad = ("# ML engineer\n## About you\n- Three years of Python for deep learning in production\n"
          "## Perks\n- An annual learning budget for Kubernetes and AWS certifications\n")
    found = requirements_of(chunk_lines(clean_lines(ad, None), "ad.md"))
    assert found == ["Three years of Python for deep learning in production"]


def test_background_asks_map_to_nothing_and_leave_coverage_alone(home: Path,
                                                                 tmp_path: Path) -> None:
    from agents.questions.plan import practice_from

    ad = tmp_path / "research-intern.md"
    ad.write_text(AD.replace(
        "- Fluency in reading medieval Latin manuscripts aloud\n",
        "- Currently enrolled in a master's or PhD programme in machine learning\n"
        "- A first-author publication at a machine learning or NLP venue\n"
        "- Authorisation to work in the United States\n"
        "- Five or more years building Spark pipelines\n"
        "- Experience with Visa and Mastercard settlement files in SQL\n"), encoding="utf-8")
    result = CliRunner().invoke(main, ["plan", str(ad), "--json"])
    plan = json.loads(result.stdout)
    by_text = {r["text"]: r for r in plan["requirements"]}
    for ask in ("Currently enrolled in a master's or PhD programme in machine learning",
                "A first-author publication at a machine learning or NLP venue",
                "Authorisation to work in the United States"):
        assert by_text[ask]["questions"] == [] and by_text[ask]["skills"] == [], ask
    # years of experience with a skill still ask for the skill
    assert "spark" in by_text["Five or more years building Spark pipelines"]["skills"]
    assert by_text["Experience with Visa and Mastercard settlement files in SQL"]["questions"]
    assert plan["coverage"] == 1.0  # every practisable ask has material
    out = CliRunner().invoke(main, ["plan", str(ad)]).stdout
    assert "· Authorisation to work in the United States" in out and "background" in out
    assert "8 requirements (3 about your background, not counted), 100% covered" in out
    assert "No material yet" not in out
    from agents.questions.plan import Planner
    from ingest.index import Index
    from ingest.loaders import load_document

    planned = practice_from([Planner(Index.open(), default_bank()).plan_document(
        load_document(ad, ad.name))], default_bank(), {}, 12)
    assert all(p.question is not None for p in planned)  # no self-assessment of a degree


def test_a_word_that_names_two_things_names_no_skill() -> None:
    from agents.questions.plan import skills_named

    assert "recommendation" not in skills_named(
        "Translate churn models into concrete product recommendations")
    assert "observability" not in skills_named("Define core product metrics")
    assert "recommendation" in skills_named("Build a recommender with collaborative filtering")


@pytest.mark.parametrize("line, not_named", [
    ("Strong attention to detail in everything you ship", "transformers"),
    ("Explain a model with tools like SHAP values and partial dependence plots",
     "role_and_company"),
    ("Experience with incrementality testing or sequential testing frameworks",
     "software_engineering"),
    ("Careful evaluation: word error rate and text normalisation pitfalls", "data_modeling"),
    ("Train on several GPUs with FSDP and mixed precision", "model_evaluation"),
    ("Reason about delivery guarantees: at-least-once and exactly-once", "ownership"),
    ("You'll lead incidents when things go wrong", "software_engineering"),
    ("Encryption in transit and at rest for patient records", "apis"),
    ("You excel at turning messy questions into clear answers", "product_analytics"),
    ("Our yard moves 40,000 containers a month", "cloud"),
    ("Core Bluetooth (BLE GATT) communication with our sensors", "communication"),
    ("Services communicate over gRPC and Kafka", "communication"),
    ("Audio latency tuning using AVAudioEngine and Core Audio", "speech"),
    ("Data profiling and data quality checks", "observability"),
    ("You thrive in an agile, fast-moving startup", "ownership"),
    ("Experience in R&D teams", "r_language"),
    # a word of another field's compound: vision pretraining, search indexes, images
    ("Contrastive self-supervised learning for our perception models", "classical_ml"),
    ("Experience with non-relational databases such as DynamoDB", "sql"),
    ("Tune Snowflake clustering keys and partition pruning", "clustering_dimensionality"),
    ("Operate approximate nearest neighbour indexes for image search", "sql"),
    ("Train detection and segmentation networks on robot camera data",
     "clustering_dimensionality"),
    ("Pretraining vision backbones on unlabelled fleet images", "llms"),
    ("Own the models behind the dashboards leadership opens every Monday", "influence"),
    ("Snowflake performance tuning: clustering, pruning and warehouse sizing",
     "clustering_dimensionality"),
    # augmentation of audio is no computer vision; fine-tuning a vision model is no LLM work
    ("Explore data augmentation (SpecAugment, noise and reverberation simulation)",
     "computer_vision"),
    ("Fine-tune detection models for our computer vision stack", "fine_tuning"),
])
def test_a_word_of_everyday_english_or_of_another_field_names_no_skill(
        line: str, not_named: str) -> None:
    from agents.questions.plan import skills_named

    assert not_named not in skills_named(line)


@pytest.mark.parametrize("line, named", [
    ("Tune Snowflake clustering keys and partition pruning", "data_warehousing"),
    ("Operate approximate nearest neighbour indexes for image search", "rag"),
    ("Segment users with k-means and customer segmentation", "clustering_dimensionality"),
    ("Experience with classification, regression and clustering", "clustering_dimensionality"),
    ("We care a lot about how you communicate", "communication"),
    ("You'll present progress at group meetings and write up your results", "communication"),
    ("You have been on call for a system that mattered", "observability"),
    ("You keep experiments reproducible and report negative results", "research"),
    ("Strong skills in Go or Kotlin", "software_engineering"),
    ("Experience designing REST APIs for external developers", "apis"),
    ("Advanced Excel and SQL for ad-hoc analysis", "product_analytics"),
    ("Explain your results to lawyers without hiding behind jargon", "communication"),
    ("Measure the incrementality of campaigns that couldn't be randomised", "causal_inference"),
    ("Write unit tests and integration tests for everything you ship", "software_engineering"),
    ("Help us handle patient data with the care it deserves", "security_privacy"),
    ("The ability to explain a technical trade-off to people who aren't engineers",
     "communication"),
    ("You understand watermarks and late-arriving data", "streaming"),
    ("Explain what a model does with SHAP values and partial dependence plots",
     "model_evaluation"),
    ("Experience with self-supervised learning (SimCLR, DINO)", "deep_learning"),
    ("Masked image modelling at scale", "computer_vision"),
    ("Some exposure to query understanding and spelling correction", "nlp"),
    ("A/B test design and readouts", "ab_testing"),
    ("Run an AB test on the paywall", "ab_testing"),
    # a verb's forms, an evaluation's names, a speech toolkit (twenty-fifth session)
    ("Develop and fine-tune LLMs that resolve customer support tickets", "fine_tuning"),
    ("Design offline evaluation suites and LLM-as-judge pipelines", "llm_evaluation"),
    ("Explore data augmentation (SpecAugment, noise and reverberation simulation)", "speech"),
    ("Experience with ESPnet, k2, NeMo, or torchaudio", "speech"),
    ("Tune slow queries and keep warehouse spend under control", "sql"),
    ("You'll help build fairness audits for new and existing models", "model_evaluation"),
])
def test_a_job_ads_phrasing_names_its_skill(line: str, named: str) -> None:
    from agents.questions.plan import skills_named

    assert named in skills_named(line)


def test_asks_to_explain_results_to_non_experts_map_to_communication_practice(home: Path) -> None:
    from agents.questions.plan import Planner
    from ingest.index import Index

    bank = default_bank()
    skill_of = {q.id: q.skill for q in bank}
    plan = Planner(Index.open(), bank).plan("ad.md", [
        "You're happy to explain your results to lawyers and product managers without jargon",
        "Strong storytelling: you turn a messy analysis into a clear recommendation for a PM",
        "Ability to communicate trade-offs to product managers"])
    for requirement in plan.requirements:
        assert requirement.questions, requirement.text
        # practice at explaining, not the interview's own answer structure (STAR)
        assert skill_of[requirement.questions[0]] == "communication", requirement.questions


@pytest.mark.parametrize("line, practised_by", [
    ("Experience working in a PCI DSS environment", "eng-sec-pci-dss"),
    ("An understanding of double-entry bookkeeping and reconciliation", "sd-payments-"),
    ("Impose monotonic constraints on LightGBM models where the regulator expects them",
     "cml-trees-monotone-constraints"),
    ("Build frequency and severity GLMs with Poisson, gamma or Tweedie distributions",
     "cml-glm-"),
    ("Run proxy discrimination checks on the rating factors you propose", "cml-fairness-"),
    ("Design a tracking plan in Amplitude so that events mean the same to everyone",
     "st-pa-tracking-plan"),
    ("You can implement a model from a paper in PyTorch", "dl-implement-paper"),
    ("You have cut cloud costs with spot instances and right-sizing",
     ("eng-cloud-cost", "eng-cloud-ec2-pricing")),
    # subjects a survey of what ads ask found no question on (fourteenth session)
    ("Tune Elasticsearch relevance: analyzers, BM25 scoring and synonyms",
     "ds-sd-elasticsearch-relevance"),
    ("Build Power BI reports with DAX measures and CALCULATE", "bi-powerbi-"),
    ("Operations research background: formulate MILPs and solve them with Gurobi",
     "or-milp-"),
    ("Fluent in R with the tidyverse (dplyr, ggplot2)", "r-dplyr-"),
    ("Map HL7 and FHIR feeds into the OMOP common data model", "health-fhir-"),
    ("Defend our assistant against prompt injection", "genai-prompt-injection"),
    ("Understanding of transaction isolation levels and MVCC in PostgreSQL",
     "de-sql-isolation-levels-mvcc"),
    # research-intern and search ads (nineteenth session)
    ("Query understanding: spelling correction for brand names, query classification into "
     "our category taxonomy, and attribute extraction", "search-qu-"),
    ("You've read the self-supervised learning literature and have opinions about it",
     "dl-ssl-"),
    ("Pretrain visual representations with contrastive learning on unlabelled robot footage",
     "dl-ssl-"),
])
def test_asks_of_payments_insurance_and_platform_ads_reach_their_questions(
        home: Path, line: str, practised_by: str | tuple[str, ...]) -> None:
    from agents.questions.plan import Planner
    from ingest.index import Index

    plan = Planner(Index.open(), default_bank()).plan("ad.md", [line])
    assert plan.requirements[0].questions[0].startswith(practised_by), \
        plan.requirements[0].questions


@pytest.mark.parametrize("line, practised_by", [
    # what a question practises is in its key points too: the question text alone put
    # deployment strategies first for tests and CI, image augmentation first for detection
    ("Write tests for everything you ship and help keep our CI green", ("eng-se-tdd",
                                                                         "eng-se-unit")),
    ("You've trained object detection and segmentation models (e.g. YOLO, Mask R-CNN) and can "
     "reason about mAP, IoU and where they fail", ("cv-iou", "cv-two-stage", "cv-detection")),
    ("Hands-on experience with data observability tools or writing custom tests in dbt or "
     "Great Expectations", ("de-dq-",)),
])
def test_a_requirement_reaches_the_question_whose_key_points_practise_it(
        home: Path, line: str, practised_by: tuple[str, ...]) -> None:
    from agents.questions.plan import Planner
    from ingest.index import Index

    plan = Planner(Index.open(), default_bank()).plan("ad.md", [line])
    assert plan.requirements[0].questions[0].startswith(practised_by), \
        plan.requirements[0].questions


@pytest.mark.parametrize("line", [
    "5+ years of professional backend development, ideally with at least two in payments",
    "Curious about how a bank's machine learning team works and how its interviews run",
    "Tell us why you want to join and what you would bring to the team",
])
def test_questions_about_the_bundled_company_answer_no_other_ads_asks(home: Path,
                                                                      line: str) -> None:
    from agents.questions.plan import Planner
    from ingest.index import Index

    bank = default_bank()
    topics = {q.id: q.topic for q in bank}
    plan = Planner(Index.open(), bank).plan("ad.md", [line])
    assert all(topics[q] != "role" for q in plan.requirements[0].questions), \
        plan.requirements[0].questions


def test_a_question_sharing_only_everyday_words_does_not_reorder_a_skills_questions() -> None:
    import numpy as np

    from agents.questions.plan import Planner

    class Words:  # BM25 scores: the subject's words score 4, an everyday word 1
        def __init__(self, found: list[tuple[int, float]]) -> None:
            self.found = found

        def search(self, text: str, k: int) -> list[tuple[int, float]]:
            return self.found

    bank = [q for q in default_bank() if q.skill == "communication"][:2] + [
        next(q for q in default_bank() if q.skill == "sql")]
    planner = Planner.__new__(Planner)
    planner.bank = tuple(bank)
    planner.vectors = planner.practised = np.eye(3, 4)
    planner.open = np.ones(3, dtype=bool)
    line = np.array([0.2, 0.9, 0.1, 0.0])  # closest in meaning to the second question
    # another skill's question shares the line's subject; the first question shares only
    # an everyday word ("analysis")
    planner.words = Words([(2, 4.0), (0, 1.0)])
    assert planner._questions("storytelling", line, ["communication"])[0] is bank[1]
    planner.words = Words([(0, 4.0)])  # words that name the subject still count
    assert planner._questions("storytelling", line, ["communication"])[0] is bank[0]


@pytest.mark.parametrize("line, background", [
    ("A degree in statistics, economics, mathematics or a related quantitative field", True),
    ("Currently enrolled in a master's or PhD programme in machine learning", True),
    ("Spanish or German language skills, since many of our learners are in Spain", True),
    ("The right to work in the United Kingdom without visa sponsorship", True),
    ("Comfortable working with a high degree of autonomy and ownership", False),
    ("Strong programming language skills in Python or Java", False),
    ("Master's degree in statistics or 3+ years of experience with SQL and Python", False),
    ("Experience with 360-degree customer views in SQL", False),
    ("Relocation of legacy ETL jobs to Spark", False),
    ("Executive sponsorship of data initiatives", False),
    # time in a role: the skills inside name the role ("machine learning" read as an ask
    # for classical ML and mapped to an SVM question)
    ("Three or more years in DevOps, platform or machine learning engineering roles", True),
    ("3 years of professional experience in data science roles", True),
    ("2+ years as a data engineer working with Spark and Kafka", False),
    ("5 years of Python in a backend engineer role", False),
    ("5+ years of experience in SQL and Spark as a data engineer", False),
    ("Minimum 3 years in Python development as a software engineer", False),
    ("Five or more years of experience building production data pipelines", False),
    # degrees by their short names, the subjects of a degree, a record of publications
    ("MS in Computer Science, Electrical Engineering, Robotics or similar", True),
    ("BS/MS in Statistics or a related quantitative field", True),
    ("M.S. or Ph.D. in Computer Science", True),
    ("Computer Science (with demonstration of ML specialisation), Electrical Engineering, "
     "Mathematics, Operations Research, Optimization, Data Science, or related fields", True),
    ("At least one peer-reviewed paper in NLP, deep learning or speech", True),
    ("Serve p99 latency under 200 ms in production with Kafka", False),
    ("Experience in NLP, computer vision, or related fields", False),
    ("MS or BS degree plus 3 years of experience with Spark and Kafka", False),
    ("Write up your results as an internal report or a workshop paper", False),
])
def test_only_asks_about_the_candidates_background_are_background(line: str,
                                                                  background: bool) -> None:
    from agents.questions.plan import is_background

    assert is_background(line) is background


PROSE_AD = """# Streaming Engineer at Tidewater

Tidewater runs the ledger behind forty regional banks. You'll join a team of six engineers.

## How you'll spend your time

Most weeks you'll build Kafka consumers that feed our Spark jobs, and you should be at home
with consumer groups and exactly-once delivery. You know SQL well enough to read a query plan.
You don't need a computer science degree. Our interview has three rounds and you'll meet the
team.

## Why people stay

You'll get a learning budget for Kubernetes and AWS courses.
"""


def test_asks_written_as_prose_under_any_heading_are_found() -> None:
    from agents.questions.plan import requirements_of
    from ingest.chunking import chunk_lines
    from ingest.cleaning import clean_lines

    found = requirements_of(chunk_lines(clean_lines(PROSE_AD, None), "ad.md"))
    # the asks of "How you'll spend your time" (a heading no rule names), one per sentence;
    # not the opening, what is not asked, the interview, or what the employer offers
    assert [f.split(",")[0] for f in found] == [
        "Most weeks you'll build Kafka consumers that feed our Spark jobs",
        "You know SQL well enough to read a query plan"]


def test_a_guide_to_the_interviews_is_not_read_as_an_ad() -> None:
    from agents.questions.plan import job_ads, requirements_of
    from ingest.chunking import chunk_lines
    from ingest.cleaning import clean_lines

    subjects = ["SQL window functions", "Kafka consumer groups", "Spark shuffles",
                "Airflow scheduling", "dbt models", "star schemas"]
    guide = "\n".join(
        f"## Round {n}\nThe interviewer in round {n} checks {subject}. You must explain "
        f"{subject} with an example.\n- You should know {subject} in Python\n"
        f"- You will design a pipeline around {subject}\n" for n, subject in enumerate(subjects))
    ad = PROSE_AD.replace("Our interview has three rounds", "Airflow experience is a plus")
    documents = {name: chunk_lines(clean_lines(text, None), name)
                 for name, text in (("guide.md", guide), ("ad.md", ad))}
    assert list(job_ads(documents)) == ["ad.md"]
    # the guide is dense in asks: only its subject keeps it out
    assert len(requirements_of(documents["guide.md"])) >= 10


def test_the_plan_benchmark_counts_asks_the_plan_never_found_as_misses() -> None:
    from agents.questions.plan import Plan, Requirement
    from bench.plan import figures

    plan = Plan("ad.md", [Requirement("Strong SQL", ["sql"], "coding", ["q-sql"]),
                          Requirement("Kafka consumers", ["streaming"], "system_design",
                                      ["q-wrong"]),
                          Requirement("A degree in physics", background=True)])
    judgments = {("ad.md", "Strong SQL"): ("q-sql", True),
                 ("ad.md", "Kafka consumers"): ("q-kafka", True),  # judged another mapping
                 ("ad.md", "A degree in physics"): (None, None)}
    found = figures([plan], judgments, {"ad.md": 2})
    assert (found["judged"], found["relevant"], found["unjudged"], found["missed"],
            found["not_practisable"]) == (3, 1, 1, 2, 1)
    assert found["relevant_share"] == round(1 / 3, 3)


def _asks(text: str) -> list[str]:
    from agents.questions.plan import requirements_of
    from ingest.chunking import chunk_lines
    from ingest.cleaning import clean_lines

    return requirements_of(chunk_lines(clean_lines(text, None), "ad.md"))


def test_ads_in_the_shapes_people_paste_keep_their_asks() -> None:
    # bullets of another style, and a list whose markers were lost in a copy and paste
    bullets = ("# ML Engineer\n## What you'll do\n● Build Kafka consumers in Python\n"
               "● Tune Spark jobs and their shuffles\n1. Write SQL with window functions\n")
    assert _asks(bullets) == ["Build Kafka consumers in Python",
                              "Tune Spark jobs and their shuffles",
                              "Write SQL with window functions"]
    stripped = ("# ML Engineer\n## What you'll do\n" + "".join(
        f"Own the {s} pipelines for the payments team\n" for s in
        ("Kafka", "Spark", "Airflow", "dbt", "Flink", "Snowflake")))
    assert len(_asks(stripped)) == 6
    # stacked headings do not leak into the ask; "e.g." ends no sentence
    stacked = ("# Platform Engineer\n## The role\n### Day to day\nYou'll deploy services on a "
               "cloud provider (e.g. AWS or GCP) with Terraform and Kubernetes.\n")
    assert _asks(stacked) == ["You'll deploy services on a cloud provider (e.g. AWS or GCP) "
                              "with Terraform and Kubernetes"]


def test_long_prose_sentences_and_what_a_half_denied_sentence_still_asks_are_found() -> None:
    ad = ("# Data Scientist\nYou'll join the pricing team of an insurer.\n"
          "## What the job is really like\n"
          # 53 words with no semicolon, dash or colon: one ask, kept whole
          "Late and out-of-order data is everyday life when a ship loses signal in the North "
          "Sea for six hours, so we expect you to understand event time versus processing "
          "time, watermarks and windowing, and to have opinions about when to drop a late "
          "event, when to buffer it and when to correct downstream.\n"
          # too long even for that: cut before its conjunctions
          "Alongside the generalised linear models that still carry most of the pricing we "
          "use gradient boosting with LightGBM to find interactions and extra lift in the "
          "frequency models, and we would like you to know how to tune and regularise these "
          "models carefully, and how to impose monotonic constraints where the regulator "
          "expects a rating factor to move in one direction only and never the other way.\n"
          "Some understanding of price elasticity will be valuable.\n"
          "You don't need to know the rulebook on day one, but you do need to care about "
          "fairness and run proxy-discrimination checks.\n"
          "We don't discriminate on the basis of age, and we welcome every applicant.\n")
    found = _asks(ad)
    assert found[0].startswith("Late and out-of-order data") and found[0].endswith("downstream")
    # the first two clauses fit one ask; the third is another, the leading "and" left out
    assert found[1].startswith("Alongside") and found[1].endswith("regularise these models "
                                                                    "carefully")
    assert found[2].startswith("how to impose monotonic constraints")
    assert found[3:] == ["Some understanding of price elasticity will be valuable",
                         "you do need to care about fairness and run proxy-discrimination "
                         "checks"]  # not the equal-opportunity line


@pytest.mark.parametrize("line", [
    "We are looking for a research intern to work on label-efficient perception",
    "You'll be co-supervised by two research scientists",
    "You'll work alongside machine learning engineers",
    "Our NLP team sits in London",
])
def test_a_skill_word_naming_a_role_or_team_names_no_skill(line: str) -> None:
    """"a research intern" is who someone is, not research the ad asks for: that line was
    practised with a question on neural architecture search for a fraud model."""
    from agents.questions.plan import skills_named

    assert skills_named(line) == []


def test_a_skill_word_before_other_nouns_still_names_its_skill() -> None:
    from agents.questions.plan import skills_named

    assert skills_named("Hands-on research experience in computer vision") == [
        "research", "computer_vision"]
    assert skills_named("Deploy machine learning models to production") == ["classical_ml"]
    assert skills_named("NLP pipelines for support tickets") == ["nlp"]
    assert skills_named("Configure IAM roles for each service") == ["cloud"]


def test_a_listed_ask_with_a_denied_aside_keeps_its_ask() -> None:
    ad = ("# Robotics Research Intern\n## What you bring\n"
          "- Hands-on experience with PyTorch and object detection\n"
          "- Some ROS 2 exposure, though you won't need to run code on the robots\n"
          "- Experience with Kafka, although you do not need to have run it in production\n"
          "- You don't need a driving licence\n")
    assert _asks(ad) == ["Hands-on experience with PyTorch and object detection",
                         "Some ROS 2 exposure", "Experience with Kafka"]


def test_offers_addressed_to_you_are_no_asks_and_user_interviews_are() -> None:
    ad = ("# Product Analyst\n## Our promise to you\nYou'll get a yearly budget for AWS "
          "courses.\nYou'll get private health insurance and 30 days of holiday.\n"
          "## How you'll spend your time\nYou'll run user interviews and analyse funnels "
          "in SQL with the product team.\nYou'll own our A/B testing and its power "
          "analysis.\n## Our interview process\nThe first interview is a chat with the "
          "hiring manager about your SQL experience.\n")
    assert _asks(ad) == [
        "You'll run user interviews and analyse funnels in SQL with the product team",
        "You'll own our A/B testing and its power analysis"]


def test_an_ad_with_an_interview_section_is_still_an_ad() -> None:
    from agents.questions.plan import job_ads
    from ingest.chunking import chunk_lines
    from ingest.cleaning import clean_lines

    ad = ("# Data Engineer\n## About you\n- You know SQL window functions and query plans\n"
          "- You have run Kafka consumers in production\n- You model data with star schemas\n"
          "## Interview process\nOur interview process has three interviews: a phone "
          "interview, a technical interview and a final interview with the team.\n")
    assert list(job_ads({"ad.md": chunk_lines(clean_lines(ad, None), "ad.md")})) == ["ad.md"]


def test_hostile_ads_give_no_made_up_asks() -> None:
    """One 100,000-word line, thousands of bullets, control characters and lone headings:
    each reads without error and lists only what is there."""
    assert _asks("# Ad\n## About you\n" + "you know sql and kafka " * 25_000) == []
    many = _asks("# Ad\n## About you\n" + "".join(
        f"- You know SQL dialect {i} and Kafka well\n" for i in range(3000)))
    assert len(many) == 3000 and many[0] == "You know SQL dialect 0 and Kafka well"
    # one sentence of 20,000 clauses joined by ", and": a few asks (chunk edges aside, each
    # the same clauses), none longer than a long sentence
    joined = _asks("# Ad\n## About you\n" + "You build Kafka consumers in Python, and " * 20_000)
    assert 0 < len(joined) <= 20 and all(len(a.split()) <= 60 for a in joined)
    assert _asks("\x00\x1b[31m## About you\n\u202e- \u200b\n# \n##\n- :\n") == []
    assert _asks("") == []


@pytest.mark.parametrize("line, asked", [
    # Python named after the skill asked for is where the work is done, not the ask
    ("Write SQL against our event warehouse and Python notebooks", ["sql"]),
    # a language leading the line is the ask, whatever else it names
    ("Python or R for the analyses that SQL can't handle", ["python", "sql"]),
    ("Ability to write automation in Go or Python", ["software_engineering", "python"]),
    ("Strong Python", ["python"]),
])
def test_a_language_named_after_the_ask_is_not_asked_for(line: str, asked: list[str]) -> None:
    from agents.questions.plan import asked_skills

    assert asked_skills(line) == asked


@pytest.mark.parametrize("line", [
    "Solid foundations in ML: regularisation and the evaluation of ranking models",
    "You know statistics, A/B testing and causal inference",
    "Experience running Kafka consumers and Spark jobs in production"])
def test_a_requirement_naming_several_skills_practises_each(home: Path, line: str) -> None:
    from agents.questions.plan import QUESTIONS_PER_REQUIREMENT, Planner
    from ingest.index import Index

    bank = default_bank()
    skill_of = {q.id: q.skill for q in bank}
    requirement = Planner(Index.open(), bank).plan("ad.md", [line]).requirements[0]
    assert len(requirement.skills) >= 2
    practised = {skill_of[q] for q in requirement.questions}
    assert set(requirement.skills[:QUESTIONS_PER_REQUIREMENT]) <= practised, requirement


def test_a_hostile_line_of_compounds_names_nothing_it_does_not_say() -> None:
    from agents.questions.plan import skills_named

    assert skills_named("self-" * 5000 + "supervised learning") == []
    assert skills_named("clustering " * 2000 + "on Snowflake") == ["data_warehousing"]


def test_an_ad_of_one_line_and_short_items_keeps_its_asks() -> None:
    # inline lists under labels that ask, and one-word items that name a skill
    line = ("Backend Engineer (Go) – payments API. Need: Go, PostgreSQL, REST API design, "
            "Redis caching, and Kafka. Bonus: Kubernetes. $140k + equity, remote US.\n")
    assert _asks(line) == ["Go", "PostgreSQL", "REST API design", "Redis caching", "Kafka",
                           "Kubernetes"]
    listed = "Requirements:\n- Spark\n- Kafka\n- Punctuality\n- A great attitude\n"
    assert _asks(listed) == ["Spark", "Kafka"]
    # a label that asks nothing, and a colon that opens a sentence, are no lists
    assert _asks("Location: London, Paris or Berlin. Salary: 60k, bonus.\n") == []
    # a bracketed aside is part of its item
    assert labelled_items("Bonus: dbt, causal inference (diff-in-diff, synthetic control).") == [
        "dbt", "causal inference (diff-in-diff, synthetic control)"]
    assert labelled_items("Note: we use Kafka for every event we publish to partners, "
                          "and Spark to process them every night") is None


def test_a_table_of_asks_gives_its_rows_not_its_header_or_its_offers() -> None:
    ad = ("ANALYTICS ENGINEER | Retail Insights | London\n\n"
          "| Area | What we need | Level |\n|------|------|-----|\n"
          "| SQL | Advanced SQL: joins, window functions, query tuning | Must |\n"
          "| Python | pandas for ad-hoc analysis | Nice |\n\n"
          "Compensation | £65k–£80k, 10% bonus\n"
          "About us | ShopCo is the UK's third-largest homeware retailer with 200 stores\n")
    assert _asks(ad) == ["SQL — Advanced SQL: joins, window functions, query tuning — Must",
                         "Python — pandas for ad-hoc analysis — Nice"]


def test_an_announcement_of_the_role_is_no_ask_and_the_ideal_candidate_is() -> None:
    ad = ("At Helix Health we believe machine learning can make care safer, and we are "
          "looking for an MLOps Engineer to join our platform team in Boston. "
          "We are looking for a data engineer to join us and own our Spark pipelines.\n\n"
          "The ideal candidate writes production-quality Python and knows Kubernetes.\n")
    assert _asks(ad) == [
        "We are looking for a data engineer to join us and own our Spark pipelines",
        "The ideal candidate writes production-quality Python and knows Kubernetes"]


def test_a_path_that_is_no_ad_is_one_line_and_the_other_ads_are_planned(
        home: Path, tmp_path: Path) -> None:
    from agents.questions.plan import MAX_AD_CHARS

    huge = tmp_path / "book.txt"
    huge.write_text("- You know SQL and Kafka well\n" * (MAX_AD_CHARS // 20))
    folder = tmp_path / "ads"
    folder.mkdir()
    for bad, reason in ((folder, "folder"), (tmp_path / "missing.md", "not found"),
                        (huge, "longer than a job ad")):
        result = CliRunner().invoke(main, ["plan", str(bad)])
        assert result.exit_code == 2 and "Traceback" not in result.output
        assert len(result.stderr.strip().splitlines()) == 1 and reason in result.stderr
    ad = tmp_path / "ad.md"
    ad.write_text(AD, encoding="utf-8")
    result = CliRunner().invoke(main, ["plan", str(folder), str(ad), "--json"])
    assert result.exit_code == 0 and "folder" in result.stderr
    assert json.loads(result.stdout)["document"] == "ad.md"


def test_an_indexed_document_longer_than_an_ad_is_not_read_as_one() -> None:
    from agents.questions.plan import MAX_AD_CHARS, job_ads
    from ingest.chunking import chunk_lines
    from ingest.cleaning import clean_lines

    ad = "# Data Engineer\n## Requirements\n" + "".join(
        f"- You know {skill} well\n" for skill in ("SQL", "Kafka", "Spark", "dbt"))
    book = ad + "Chapter text about nothing in particular.\n" * (MAX_AD_CHARS // 40)
    documents = {name: chunk_lines(clean_lines(text, None), name)
                 for name, text in (("ad.md", ad), ("book.md", book))}
    assert list(job_ads(documents)) == ["ad.md"]


def test_the_shapes_benchmark_counts_an_ask_found_only_in_one_line_holding_it() -> None:
    from bench.ad_shapes import measure

    asks = [{"ad": "a.txt", "ask": "Kafka consumer groups"}, {"ad": "a.txt", "ask": "dbt"},
            {"ad": "a.txt", "ask": "Terraform modules for AWS"}]
    found = measure({"a.txt": ["Run Kafka consumer groups in production", "dbt",
                               "Salary 60k and a pension"]}, asks)
    assert (found["found"], found["asks"], found["lines_with_no_ask"]) == (2, 3, 1)
    assert found["found_share"] == round(2 / 3, 3)


def test_hostile_tables_and_inline_lists_give_no_made_up_asks() -> None:
    """A line of 100,000 pipes, thousands of nested brackets, an inline list of 20,000 items
    and a table of 5,000 rows: each reads without error, listing only what is there."""
    assert _asks("|" * 100_000 + "\n" + "a | b\n" * 2000) == []
    nested = _asks("Need: " + "(" * 5000 + "Kafka" + ")" * 5000 + ", SQL.\n")
    assert nested[-1] == "SQL" and len(nested) == 2
    assert _asks("Need: " + ", ".join(f"skill{i}" for i in range(20_000)) + ".\n") == []
    rows = _asks("| a | b |\n|---|---|\n" + "".join(
        f"| SQL {i} | window functions {i} |\n" for i in range(5000)))
    assert len(rows) == 5000 and rows[0] == "SQL 0 — window functions 0"


_QUALIFIED = ("Data Scientist\nAcme · London\n\nQualifications\n"
              "• Strong Python (pandas, scikit-learn) and SQL\n"
              "• Solid statistics: GLMs and hypothesis testing\n\n")


def test_short_lines_under_a_heading_that_asks_are_asks_though_they_read_as_headings() -> None:
    # with no bullets, each line reads as a heading, and they stacked on "What we offer"
    bonus = ("Bonus points ✨\nBayesian modelling (PyMC or Stan)\nDatabricks / Spark\n"
             "Model explainability (SHAP)\n\nWhat we offer 🎁\n• 28 days holiday\n"
             "• 8% pension contribution\n")
    assert _asks(_QUALIFIED + bonus)[2:] == [
        "Bayesian modelling (PyMC or Stan)", "Databricks / Spark", "Model explainability (SHAP)"]
    # lines that name no skill, or that stand under a heading that offers, stay out
    assert len(_asks(_QUALIFIED + "Bonus points\nA sense of humour\nLoves dogs\n\n"
                     "What we offer\n• 28 days holiday\n")) == 2
    assert len(_asks(_QUALIFIED + "Perks\nSpark workshops\nFree Kafka Summit tickets\n\n"
                     "How to apply\nSend a CV.\n")) == 2


def test_an_item_that_lost_its_bullet_is_an_ask_and_a_closing_line_is_not() -> None:
    doing = ("What you will do\n• Build and validate models that predict claims frequency\n"
             "• Design and analyse A/B tests on our quote journey\n"
             "Work with actuaries, underwriting and product to turn findings into pricing "
             "decisions\n")
    assert _asks(doing)[-1].startswith("Work with actuaries")
    for closing in ("We review applications on a rolling basis.",
                    "Please apply with a CV and a short note.",
                    "The salary for this role is £45,000 to £55,000 plus an annual bonus.",
                    "Hybrid working, with two days a week in our Leeds office and the rest "
                    "from home.",
                    "All applicants will be considered regardless of age, gender or background.",
                    "Closing date for applications is Friday 30 June 2025 at 5pm.",
                    "Don't meet every requirement? Apply anyway, we would love to hear from you."):
        assert _asks(f"Requirements\n- Strong Python and SQL.\n- Experience with Spark.\n"
                     f"{closing}\n\nBenefits\n- 25 days holiday\n")[:2] == [
            "Strong Python and SQL", "Experience with Spark"]
        assert not any(closing[:20] in ask for ask in _asks(
            f"Requirements\n- Strong Python and SQL.\n- Experience with Spark.\n{closing}\n"))
    # lines under the lost item are no part of it
    assert _asks("Requirements\n- PhD in a quantitative field\n- Strong Python and C++ skills\n"
                 "Experience with time series modelling is a big plus\n"
                 "Salary range is 120k to 150k GBP plus a discretionary bonus\n"
                 "Hybrid working model with three office days each week in London\n")[-1] == (
        "Experience with time series modelling is a big plus")


def test_a_job_title_under_a_heading_about_the_role_is_no_ask() -> None:
    ad = ("The role\nData Engineer, Databricks Platform Team\nLeeds or remote (UK)\n\n"
          "What you'll do\n- Build batch pipelines in Spark on Databricks\n")
    assert _asks(ad) == ["Build batch pipelines in Spark on Databricks"]


SECTIONED_AD = """# Research Intern, Speech

**Sonara** builds speech models for hearing aids.

**Nice to have**

* Experience with Kaldi or a similar toolkit of our own choosing
* Published work in speech

**Compensation**

* A housing stipend and relocation support for the summer
"""


def test_a_bold_heading_inside_a_section_heads_the_lines_under_it() -> None:
    """"**Nice to have**" on a line of its own is a heading: its items are asks even when
    they name no skill the vocabulary knows, and those under "**Compensation**" are not."""
    from agents.questions.plan import requirements_of
    from ingest.chunking import chunk_lines
    from ingest.cleaning import clean_lines

    asks = requirements_of(chunk_lines(clean_lines(SECTIONED_AD, None), "intern.md"))
    assert "Experience with Kaldi or a similar toolkit of our own choosing" in asks
    assert not any("stipend" in a for a in asks)


@pytest.mark.parametrize("sentence, asked", [
    ("Experience with Databricks and MLflow for experiment tracking is useful but not required",
     True),
    ("Knowledge of Terraform is a plus, but not required", True),
    ("Experience with Databricks and MLflow is not required", False),
    ("You don't need to know Kafka", False),
])
def test_a_nice_to_have_is_asked_and_what_is_not_needed_is_not(sentence: str,
                                                                asked: bool) -> None:
    from agents.questions.plan import _not_denied

    assert bool(_not_denied(sentence)) is asked
