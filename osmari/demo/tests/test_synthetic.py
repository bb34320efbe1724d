import random
from datetime import date

import pytest
from stdnum.fi import hetu as stdnum_hetu
from stdnum.fi import ytunnus

from osmari.core.identity import hetu
from osmari.demo import synthetic


def test_generated_identity_codes_are_valid_and_never_temporary():
    rng = random.Random(7)
    for _ in range(2000):
        person = synthetic.person(rng, born_between=(date(1960, 1, 1), date(2005, 12, 31)))
        assert stdnum_hetu.validate(person.identity_code, allow_temporary=False)
        assert 2 <= int(person.identity_code[7:10]) <= 899


@pytest.mark.parametrize(
    ("born", "number", "expected"),
    [(date(1952, 10, 13), 308, "131052-308T"), (date(2004, 5, 2), 902, None)],
)
def test_identity_code_matches_the_published_example(born, number, expected):
    if expected is None:
        with pytest.raises(ValueError, match="temporary"):
            hetu(born, number)
    else:
        assert hetu(born, number) == expected


def test_business_ids_have_valid_check_digits():
    rng = random.Random(3)
    for _ in range(2000):
        assert ytunnus.validate(synthetic.business_id(rng))


def test_the_same_seed_gives_the_same_people():
    first = [synthetic.person(random.Random(11), born_between=(date(1970, 1, 1), date(1999, 1, 1)))]
    again = [synthetic.person(random.Random(11), born_between=(date(1970, 1, 1), date(1999, 1, 1)))]
    assert first == again


def test_an_organisation_s_name_is_made_distinct_within_its_area_without_drawing_again():
    taken: set[str] = set()
    names = [synthetic.distinct_name("Kallio Kone Oy", taken) for _ in range(10)]
    assert names[:3] == ["Kallio Kone Oy", "Itä-Kallio Kone Oy", "Länsi-Kallio Kone Oy"]
    assert names[-2:] == ["Kallio Kone Oy 2", "Kallio Kone Oy 3"]
    assert len(set(names)) == 10 == len(taken)
    # A thousand drawn names in one area: every one distinct, the draws themselves unchanged.
    rng, again = random.Random(5), random.Random(5)
    area: set[str] = set()
    for _ in range(1000):
        drawn = synthetic.organisation_name(rng)
        assert drawn == synthetic.organisation_name(again)
        assert drawn in synthetic.distinct_name(drawn, area)
    assert len(area) == 1000
