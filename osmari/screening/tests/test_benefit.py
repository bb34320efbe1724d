import pytest

from osmari.screening.benefit import indicate

SCORES = {
    "work_ability": 3,
    "skills": 2,
    "experience": 2,
    "motivation": 4,
    "life_management": 3,
    "social_support": 3,
    "practical": 4,
}


@pytest.mark.parametrize(
    ("ltu", "months", "scores", "level"),
    [
        (True, 16, SCORES, "strong"),
        (False, 2, {**SCORES, "skills": 4, "experience": 4}, "low"),
        (False, 7, SCORES, "strong"),
        (True, 16, {**SCORES, "motivation": 1, "work_ability": 1}, "low"),
        (True, 16, None, "unknown"),
    ],
)
def test_the_indication_follows_its_published_reasons(ltu, months, scores, level):
    result = indicate(long_term_unemployed=ltu, months_unemployed_in_last_16=months, scores=scores)
    assert result.level == level
    assert result.score == sum(weight for _code, weight in result.reasons)
