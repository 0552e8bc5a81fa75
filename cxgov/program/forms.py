"""The success-story form: the KPI an initiative moved (one of its links to a target), the
story, and a customer's words from a comment the author may read. The form parses;
cxgov.program.services.story_create/story_update decide (the comments rule among them)."""

from __future__ import annotations

from typing import Any

from django import forms

from cxgov.forms import model_field
from cxgov.permissions import can_configure
from portfolio.models import Status, TargetLink
from portfolio.permissions import serving_groups
from voc.models import Response
from voc.selectors import readable_comments

from .models import SuccessStory

# The comments offered to quote: the latest the author may read.
QUOTABLE = 100


def links_to_tell(user: Any):
    """The links of initiatives `user` may tell a story of (the rule program.tell_story), once
    approved and not cancelled."""
    links = (
        TargetLink.objects.for_user(user)
        .exclude(initiative__status__in=[Status.PROPOSED, Status.CANCELLED])
        .select_related("initiative", "target__metric")
        .order_by("initiative__title", "target__metric__name", "pk")
    )
    if not can_configure(user):
        links = links.filter(initiative__working_group_id__in=serving_groups(user))
    return links


class LinkChoice(forms.ModelChoiceField):
    def label_from_instance(self, link: TargetLink) -> str:
        return f"{link.initiative.title}: {link.target}"


def _comment_label(response: Response) -> str:
    where = response.touchpoint.name if response.touchpoint_id else "no touchpoint"
    words = " ".join(response.comment.split())
    words = words if len(words) <= 90 else words[:89] + "…"
    return f"{response.responded_at:%-d %b %Y}, {where}: “{words}”"


class StoryForm(forms.Form):
    title = model_field(SuccessStory, "title")
    link = LinkChoice(
        queryset=TargetLink.objects.none(),
        label="Initiative and the KPI it moved",
        help_text=SuccessStory._meta.get_field("link").help_text,
    )
    narrative = model_field(SuccessStory, "narrative", widget=forms.Textarea(attrs={"rows": 4}))
    response = forms.TypedChoiceField(
        label="Customer's comment to quote",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="The latest comments you may read (the core CX team reads them all, a "
        "touchpoint's owner those on it). The quote keeps its link to the response.",
    )
    quote = model_field(
        SuccessStory,
        "quote",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Leave empty to quote the whole comment, or copy the part to quote, as written.",
    )

    def __init__(self, *args: Any, user: Any, story: SuccessStory | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["link"].queryset = links_to_tell(user)
        comments = list(
            readable_comments(user=user)
            .select_related("touchpoint")
            .only("pk", "comment", "responded_at", "touchpoint__name")
            .order_by("-responded_at", "-pk")[:QUOTABLE]
        )
        if story is not None and story.response_id and story.response not in comments:
            comments.insert(0, story.response)
        self.fields["response"].choices = [("", "No quote")] + [
            (r.pk, _comment_label(r)) for r in comments
        ]

    def clean_response(self) -> Response | None:
        pk = self.cleaned_data.get("response")
        return None if pk is None else Response.objects.select_related("touchpoint").get(pk=pk)
