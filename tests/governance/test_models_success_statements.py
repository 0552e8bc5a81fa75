"""Success statements and the department objectives they tie back to (the models' invariants)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from governance.models import DepartmentObjective, SuccessStatement
from tests.factories import BusinessUnitFactory, UserFactory


@pytest.mark.django_db
def test_a_success_statement_ties_to_objectives_of_business_units():
    retail = BusinessUnitFactory(name="Retail", code="retail")
    owner = UserFactory(username="olga")
    objective = DepartmentObjective.objects.create(
        business_unit=retail, text="Grow repeat purchases by 10%", owner=owner
    )
    statement = SuccessStatement.objects.create(
        title="Retail success", text="Customers come back because it is easy.", business_unit=retail
    )
    statement.objectives.add(objective)
    assert list(objective.success_statements.all()) == [statement]
    assert statement.scope_name == "Retail"


@pytest.mark.django_db
def test_a_company_wide_statement_has_no_business_unit():
    statement = SuccessStatement.objects.create(title="Company", text="Easy, every time.")
    assert statement.scope_name == "Company-wide"


@pytest.mark.django_db
def test_a_success_statement_with_no_text_is_refused_by_name():
    with pytest.raises(ValidationError) as refused:
        SuccessStatement(title="Empty", text="").full_clean()
    assert "text" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        SuccessStatement.objects.create(title="Empty", text="")
