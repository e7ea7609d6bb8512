"""Model-level rules: taxonomy seed, database constraints."""

import pytest
from django.db import IntegrityError, transaction

from experts.choices import Category
from experts.models import ExpertiseArea

pytestmark = pytest.mark.django_db


def test_taxonomy_is_seeded_by_the_data_migration():
    areas = ExpertiseArea.objects.all()
    assert areas.filter(category=Category.ET).count() == 6
    assert areas.filter(category=Category.TOA).count() == 10
    assert set(areas.filter(category__in=["DF", "CMA", "MPA", "LMDA"]).values_list("code", flat=True)) == {
        "DF",
        "CMA",
        "MPA",
        "LMDA",
    }
    assert set(areas.filter(category=Category.CANDIDATE_TOPIC).values_list("code", flat=True)) == {
        "CAND-NII",
        "CAND-INT",
        "CAND-K9",
    }


def test_area_code_must_match_its_category():
    with pytest.raises(IntegrityError), transaction.atomic():
        ExpertiseArea.objects.create(category=Category.ET, code="HS2", name_en="Bad")
