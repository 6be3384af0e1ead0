"""scikit-learn's estimator checks for every estimator in analysis/.

ArchetypeModel takes a numeric matrix and passes every check. DropDetector charts a frame of team
figures (team, instrument, period, n, mean, sd) and ThemeModel reads text: the checks feed numeric
arrays, which mean nothing to them, so the checks about numeric input are listed as expected
failures, each with its reason; the contract checks (parameters, cloning, fit returns self, not
fitted errors) still run on both.
"""

from __future__ import annotations

import pickle

import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils.estimator_checks import parametrize_with_checks

from analysis.alerts import DropDetector
from analysis.archetypes import ArchetypeModel
from analysis.themes import ThemeModel

FIGURES_NOT_NUMBERS = "DropDetector reads a frame of team figures (team, period, n, mean, sd), not a numeric matrix"
TEXT_NOT_NUMBERS = "ThemeModel reads text; a numeric matrix is not comments"


def expected_failed_checks(estimator) -> dict[str, str]:
    if isinstance(estimator, DropDetector):
        return dict.fromkeys(DROP_DETECTOR_NUMERIC, FIGURES_NOT_NUMBERS)
    if isinstance(estimator, ThemeModel):
        return dict.fromkeys(THEME_MODEL_NUMERIC, TEXT_NOT_NUMBERS)
    return {}


# Checks that fit on a numeric matrix (or a 1-D, sparse, complex, NaN, empty or memmapped one) and
# then compare predictions or fitted attributes: none of it is figures.
DROP_DETECTOR_NUMERIC = [
    "check_complex_data",
    "check_dict_unchanged",
    "check_dont_overwrite_parameters",
    "check_dtype_object",
    "check_estimator_sparse_array",
    "check_estimator_sparse_matrix",
    "check_estimator_sparse_tag",
    "check_estimators_dtypes",
    "check_estimators_empty_data_messages",
    "check_estimators_fit_returns_self",
    "check_estimators_nan_inf",
    "check_estimators_overwrite_params",
    "check_estimators_pickle",
    "check_estimators_pickle(readonly_memmap=True)",
    "check_f_contiguous_array_estimator",
    "check_fit1d",
    "check_fit2d_1feature",
    "check_fit2d_1sample",
    "check_fit2d_predict1d",
    "check_fit_check_is_fitted",
    "check_fit_idempotent",
    "check_fit_score_takes_y",
    "check_methods_sample_order_invariance",
    "check_methods_subset_invariance",
    "check_n_features_in",
    "check_n_features_in_after_fitting",
    "check_pipeline_consistency",
    "check_positive_only_tag_during_fit",
    "check_readonly_memmap_input",
]
# The same for text: a row of numbers turned into a string is not a comment.
THEME_MODEL_NUMERIC = [
    "check_complex_data",
    "check_dtype_object",
    "check_estimator_sparse_array",
    "check_estimator_sparse_matrix",
    "check_estimator_sparse_tag",
    "check_estimators_empty_data_messages",
    "check_estimators_nan_inf",
    "check_estimators_pickle",
    "check_estimators_pickle(readonly_memmap=True)",
    "check_fit1d",
    "check_fit2d_predict1d",
    "check_fit_idempotent",
    "check_methods_sample_order_invariance",
    "check_methods_subset_invariance",
    "check_n_features_in",
    "check_n_features_in_after_fitting",
]


@parametrize_with_checks(
    [ArchetypeModel(), DropDetector(), ThemeModel(backend="lexical")],
    expected_failed_checks=expected_failed_checks,
)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)


COMMENTS = [
    "standups drag on forever",
    "my calendar is wall to wall calls",
    "the build is slow",
    "deploys break often",
    "great team lunch",
    "too many meetings",
    "the ci pipeline is flaky",
    "I love my colleagues",
] * 3


def test_theme_model_keeps_the_checks_that_matter_on_text():
    # The numeric checks skipped above, replayed on comments: pickling, refitting, order and subsets.
    model = ThemeModel(backend="lexical")
    assert model.fit(COMMENTS) is model
    labels = model.predict(COMMENTS)
    assert (pickle.loads(pickle.dumps(model)).predict(COMMENTS) == labels).all()
    assert (clone(model).fit(COMMENTS).labels_ == model.labels_).all()
    assert model.predict(COMMENTS[::-1])[::-1].tolist() == labels.tolist()
    assert model.predict(COMMENTS[:5]).tolist() == labels[:5].tolist()
    with pytest.raises(NotFittedError):
        ThemeModel().predict(COMMENTS)
