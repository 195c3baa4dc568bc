"""Tests for entity resolution (finkg.loaders.resolution): invented names and the corpus's cases."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from finkg.loaders.document import read_document
from finkg.loaders.facts import DocumentFacts
from finkg.loaders.resolution import Mention, Merge, company_key, resolve_names

from finkg.graph import company_iri

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


@cache
def corpus(name: str) -> DocumentFacts:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip("../shared/corpus is not here")
    return read_document(path)


def resolve(*names: str | tuple[str, tuple[str, ...]]) -> dict[str, str]:
    mentions = [
        Mention(name, line) if isinstance(name, str) else Mention(name[0], line, name[1])
        for line, name in enumerate(names, start=1)
    ]
    found, _ = resolve_names(mentions, document="k.txt")
    return found


# --- invented names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "form", "means"),
    [
        pytest.param(("Harbour Mills Corporation", "Harbour Mills"), "Harbour Mills",
                     "Harbour Mills Corporation", id="legal-suffix"),
        pytest.param(("Harbour Mills Co., Ltd.", "HARBOUR MILLS"), "HARBOUR MILLS",
                     "Harbour Mills Co., Ltd.", id="suffixes-and-case"),
        pytest.param((("Kestrel Media Works", ("KMW",)), "KMW"), "KMW", "Kestrel Media Works",
                     id="defined-abbreviation"),
        pytest.param((("Tarn River Power Company", ("TRPCO",)), "TRPCO"), "TRPCO",
                     "Tarn River Power Company", id="defined-abbreviation-not-initials"),
        pytest.param(("Bolt Direct Brokerage Inc.", "Bolt Direct"), "Bolt Direct",
                     "Bolt Direct Brokerage Inc.", id="short-form"),
        pytest.param(("KKW Overlander", "KW Overlander"), "KW Overlander", "KKW Overlander",
                     id="slip-lost-letter"),
        pytest.param(("KKW Overlander", "KW-Overlander"), "KW-Overlander", "KKW Overlander",
                     id="slip-lost-letter-and-hyphen"),
    ],
)  # fmt: skip
def test_forms_that_name_one_company(
    names: tuple[str | tuple[str, tuple[str, ...]], ...], form: str, means: str
) -> None:
    assert resolve(*names)[form] == means
    assert company_iri(resolve(*names)[form]) == company_iri(means)


@pytest.mark.parametrize(
    "names",
    [
        pytest.param(("Orca Corp.", "Orca Techno-Systems Corporation"), id="one-word-short-form"),
        pytest.param(("MTT", "MTTCom"), id="short-names-never-slip"),
        pytest.param(("Tarn Case", "Tarn Care"), id="a-changed-letter-is-not-a-slip"),
        pytest.param(("Bolt Direct", "Bolt Direct Brokerage", "Bolt Direct Banking"),
                     id="ambiguous-short-form"),
        pytest.param(("KW Overland", "KKW Overland", "KWO Overland"), id="ambiguous-slip"),
    ],
)  # fmt: skip
def test_forms_that_stay_apart(names: tuple[str, ...]) -> None:
    found = resolve(*names)
    assert found == {name: name for name in names}
    assert len({company_iri(name) for name in names}) == len(names)


def test_the_merge_log_names_forms_reason_and_lines() -> None:
    _, merges = resolve_names(
        [
            Mention("Kestrel Media Works Ltd.", 2, ("KMW",)),
            Mention("KMW", 7),
            Mention("KMW", 9),
            Mention("Kestrel Media Works", 12),
        ],
        document="k.txt",
    )
    assert merges == [
        Merge("Kestrel Media Works Ltd.", ("KMW",), "defined abbreviation", "k.txt", (2, 7, 9)),
        Merge("Kestrel Media Works Ltd.", ("Kestrel Media Works",), "legal-form suffix or case",
              "k.txt", (12,)),
    ]  # fmt: skip
    assert json.loads(json.dumps([m.to_dict() for m in merges]))[0] == {
        "canonical": "Kestrel Media Works Ltd.",
        "forms": ["KMW"],
        "reason": "defined abbreviation",
        "document": "k.txt",
        "lines": [2, 7, 9],
    }


def test_resolution_does_not_depend_on_mention_order_for_the_iri() -> None:
    forward = resolve("KKW Overlander", "KW Overlander", "Harbour Mills", "Harbour Mills Inc.")
    backward = resolve("Harbour Mills Inc.", "Harbour Mills", "KW Overlander", "KKW Overlander")
    assert {f: company_iri(c) for f, c in forward.items()} == {
        f: company_iri(c) for f, c in backward.items()
    }


def test_company_key_ignores_suffix_case_and_punctuation() -> None:
    assert company_key("Tarn Foods Co., Ltd.") == company_key("TARN FOODS") == "tarn-foods"


# --- the corpus ----------------------------------------------------------------------------------

PRESS_RELEASE = "001_db6793c7b74d69e5.txt"
GROUP_DECK = "004_89bdcf76a8970a4d.txt"
SLIDES = "002_7a1bd9db76275b21.txt"


@pytest.mark.parametrize(
    ("document", "form", "means"),
    [
        pytest.param(PRESS_RELEASE, "IIJ-MC", "IIJ Media Communications", id="IIJ-MC"),
        pytest.param(PRESS_RELEASE, "TEPCO", "Tokyo Electric Power Company", id="TEPCO"),
        pytest.param(PRESS_RELEASE, "AIH", "Asia Internet Holding Co., Ltd.", id="AIH"),
        pytest.param(GROUP_DECK, "IJ-Exlayer", "IIJ Exlayer", id="IJ-Exlayer-slip"),
    ],
)
def test_corpus_forms_that_name_one_company(document: str, form: str, means: str) -> None:
    assert corpus(document).company_names[form] == means


def test_corpus_merge_log() -> None:
    merges = [m.to_dict() for name in (PRESS_RELEASE, GROUP_DECK) for m in corpus(name).merges]
    wanted = [
        (PRESS_RELEASE, "Asia Internet Holding Co., Ltd.", ["AIH"], "defined abbreviation"),
        (PRESS_RELEASE, "IIJ Media Communications", ["IIJ-MC"], "defined abbreviation"),
        (PRESS_RELEASE, "Internet Initiative Japan Inc.", ["IIJ"], "defined abbreviation"),
        (PRESS_RELEASE, "Tokyo Electric Power Company", ["TEPCO"], "defined abbreviation"),
        (GROUP_DECK, "IIJ Exlayer", ["IJ-Exlayer"], "conversion slip"),
    ]
    assert [(m["document"], m["canonical"], m["forms"], m["reason"]) for m in merges] == wanted


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param((PRESS_RELEASE, "Toyota Motor Corporation"), (SLIDES, "Toyota Motor"),
                     id="Toyota-Motor"),
        pytest.param((PRESS_RELEASE, "Itochu Techno-Science Corporation"),
                     (SLIDES, "Itochu Techno-Science"), id="Itochu-Techno-Science"),
        pytest.param((PRESS_RELEASE, "Konami"), (GROUP_DECK, "KONAMI CORPORATION"), id="Konami"),
    ],
)  # fmt: skip
def test_two_documents_meet_at_one_node(first: tuple[str, str], second: tuple[str, str]) -> None:
    one = corpus(first[0]).company_names[first[1]]
    other = corpus(second[0]).company_names[second[1]]
    assert company_iri(one) == company_iri(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        pytest.param("Itochu Corp.", "Itochu Techno-Science Corporation", id="Itochu"),
        pytest.param("NTT", "NTTCom", id="NTT-NTTCom"),
    ],
)
def test_corpus_names_that_stay_apart(one: str, other: str) -> None:
    names = {**corpus(PRESS_RELEASE).company_names, **corpus(GROUP_DECK).company_names}
    assert company_iri(names.get(one, one)) != company_iri(names.get(other, other))
    assert names.get(one, one) == one
