"""Governance forms, a module per concept: they parse and present input; services decide.

Plain forms, not ModelForms (see cxgov.forms): the service compares the change with what is
stored before anything is written.
"""

from .charters import (
    CharterVersionForm,
    MissionForm,
    ObjectiveChoiceField,
    ObjectiveForm,
    RejectForm,
    SuccessStatementForm,
)
from .commitments import CommitmentForm  # noqa: F401
from .engagement import EngagementForm, EngagementTargetForm  # noqa: F401
from .meetings import (
    ActionItemForm,
    ActionStatusForm,
    AgendaItemChoiceField,
    AgendaItemForm,
    AttendanceForm,
    CadenceForm,
    DecisionForm,
    DecisionLogFilterForm,
    MeetingCancelForm,
    MeetingMoveForm,
)
from .standards import StandardForm  # noqa: F401
from .structure import (
    RACI_CHOICES,
    ActivityForm,
    BodyChoiceField,
    BodyFilterForm,
    BodyForm,
    BusinessUnitForm,
    DisbandForm,
    MaturityAssessmentForm,
    MembershipEditForm,
    MembershipEndForm,
    MembershipForm,
    PeopleChoiceField,
    RaciCellForm,
    RaciPersonForm,
    bodies_to_choose,
)

__all__ = [
    "ActionItemForm",
    "ActionStatusForm",
    "ActivityForm",
    "AgendaItemChoiceField",
    "AgendaItemForm",
    "AttendanceForm",
    "BodyChoiceField",
    "BodyFilterForm",
    "BodyForm",
    "BusinessUnitForm",
    "CadenceForm",
    "CharterVersionForm",
    "DecisionForm",
    "DecisionLogFilterForm",
    "DisbandForm",
    "MaturityAssessmentForm",
    "MeetingCancelForm",
    "MeetingMoveForm",
    "MembershipEditForm",
    "MembershipEndForm",
    "MembershipForm",
    "MissionForm",
    "ObjectiveChoiceField",
    "ObjectiveForm",
    "PeopleChoiceField",
    "RACI_CHOICES",
    "RaciCellForm",
    "RaciPersonForm",
    "RejectForm",
    "SuccessStatementForm",
    "bodies_to_choose",
]
