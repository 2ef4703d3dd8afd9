"""Comparisons against what a demanding user hands them: matrices that scipy stores in a
non-canonical form (duplicate entries, explicit zeros) and counts of the wrong kind. The
answer is the one for the same matrix in canonical form, or an error naming the parameter;
never a silently shortened list."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from storylens.compare import Comparison, nearest
from storylens.datasets import load_sample
from storylens.exceptions import EmptyVocabularyError, InvalidParameterError
from storylens.feature_extraction import TfidfVectorizer


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    return load_sample().clean().compare()


def _canonical_rows() -> sp.csr_matrix:
    return sp.csr_matrix(np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 2.0], [1.0, 1.0, 0.0], [0, 0, 0]]))


def test_duplicate_entries_count_as_their_sum() -> None:
    canonical = _canonical_rows()
    # Row 0's 1.0 stored as 0.5 + 0.5 and row 1's 2.0 as 1.5 + 0.5: scipy sums them.
    duplicated = sp.csr_matrix(
        (
            np.array([0.5, 0.5, 1.0, 1.5, 0.5, 1.0, 1.0]),
            np.array([0, 0, 1, 2, 2, 0, 1]),
            np.array([0, 2, 5, 7, 7]),
        ),
        shape=(4, 3),
    )
    assert (duplicated.toarray() == canonical.toarray()).all()
    data = duplicated.data.copy()
    for min_score in (None, 0.1):
        pd.testing.assert_frame_equal(
            nearest(duplicated, 3, min_score=min_score), nearest(canonical, 3, min_score=min_score)
        )
    assert (duplicated.data == data).all() and not duplicated.has_canonical_format


def test_explicit_zeros_are_not_shared_terms() -> None:
    canonical = _canonical_rows()
    # The empty last row and row 0 hold stored zeros: they share no term with anything.
    zeros = sp.csr_matrix(
        (
            np.array([1.0, 0.0, 1.0, 2.0, 1.0, 1.0, 0.0, 0.0]),
            np.array([0, 1, 1, 2, 0, 1, 0, 1]),
            np.array([0, 2, 4, 6, 8]),
        ),
        shape=(4, 3),
    )
    assert (zeros.toarray() == canonical.toarray()).all()
    expected = nearest(canonical, 3)
    assert set(expected["article"]) == {0, 1, 2}
    pd.testing.assert_frame_equal(nearest(zeros, 3), expected)
    assert zeros.nnz == 8


@pytest.mark.parametrize("top", [0, -1, 1.5, True, "5", None])
@pytest.mark.parametrize("method", ["shared_terms", "distinctive_terms", "group_terms"])
def test_top_must_be_a_positive_int(comparison: Comparison, method: str, top: object) -> None:
    call = getattr(comparison, method)
    arguments = ("wire",) if method == "distinctive_terms" else ()
    with pytest.raises(InvalidParameterError, match="top must be a positive int"):
        call(*arguments, top=top)


def test_a_numpy_int_top_lists_as_many_terms(comparison: Comparison) -> None:
    every = comparison.distinctive_terms("wire", top=1000, min_z=0)
    assert len(every) > 1
    as_numpy = comparison.distinctive_terms("wire", top=np.int64(len(every)), min_z=0)
    assert len(as_numpy) == len(every)


def test_compare_groups_checks_top(comparison: Comparison) -> None:
    with pytest.raises(InvalidParameterError, match="top must be a positive int"):
        comparison.compare_groups(by="outlet", top=-1)


def test_a_background_vectorizer_without_the_sets_words_is_refused() -> None:
    articles = load_sample().clean()
    unrelated = TfidfVectorizer().fit(["quartz lattice", "lattice spectra"])
    with pytest.raises(EmptyVocabularyError, match=r"background TfidfVectorizer.*none of"):
        articles.compare(background=unrelated)
    related = TfidfVectorizer().fit([article.text for article in articles][:2])
    assert articles.compare(background=related).tfidf.nnz > 0


LABELS = ["left", "left", "left", "right", "right", "right", "right"]


def test_labels_given_as_a_list_choose_a_group_for_distinctive_terms(
    comparison: Comparison,
) -> None:
    by_list = comparison.distinctive_terms(group="left", by=LABELS, min_z=0)
    by_ids = comparison.distinctive_terms(comparison.ids[:3], min_z=0)
    pd.testing.assert_frame_equal(by_list, by_ids)


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA])
@pytest.mark.parametrize("method", ["group_terms", "compare_groups"])
def test_a_missing_group_label_names_the_article(
    comparison: Comparison, method: str, missing: object
) -> None:
    labels = [*LABELS[:4], missing, *LABELS[5:]]
    with pytest.raises(InvalidParameterError, match=rf"article '{comparison.ids[4]}' has no"):
        getattr(comparison, method)(by=labels)
    with pytest.raises(InvalidParameterError, match=rf"article '{comparison.ids[4]}' has no"):
        getattr(comparison, method)(by=dict(zip(comparison.ids, labels, strict=True)))


@pytest.mark.parametrize("by", [True, 3, 2.5])
def test_labels_that_are_not_a_column_mapping_or_list_are_refused(
    comparison: Comparison, by: object
) -> None:
    with pytest.raises(InvalidParameterError, match="by must be"):
        comparison.group_terms(by=by)
