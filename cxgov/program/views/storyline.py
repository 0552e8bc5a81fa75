"""The CX storyline, on screen and for print, and the success stories: read by every role (with
only what each may see), told by those who may change the initiative. Thin doors onto
cxgov.program.storyline and cxgov.program.services."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cxgov.pages import EditView, require_role
from cxgov.program import services
from cxgov.program.forms import StoryForm
from cxgov.program.models import SuccessStory
from cxgov.program.permissions import can_change_story, can_tell_story
from cxgov.program.storyline import story_for_page, story_page, storyline
from voc.models.targets import TARGET_STATUS_RULE


def _context(request: HttpRequest, *, printing: bool) -> dict[str, Any]:
    return {
        "printing": printing,
        "line": storyline(user=request.user),
        "rule": TARGET_STATUS_RULE,
        "may_tell": can_tell_story(request.user),
    }


@require_GET
def storyline_page(request: HttpRequest) -> HttpResponse:
    require_role(request)
    return render(request, "program/storyline/index.html", _context(request, printing=False))


@require_GET
def storyline_print(request: HttpRequest) -> HttpResponse:
    require_role(request)
    return render(request, "program/storyline/print.html", _context(request, printing=True))


@require_GET
def story_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request)
    story = story_for_page(user=request.user, pk=pk)
    if story is None:
        raise Http404("No such story, or one you may not see.")
    return render(
        request, "program/storyline/story.html", {"s": story_page(user=request.user, story=story)}
    )


class StoryCreate(EditView):
    rule = can_tell_story
    form_class = StoryForm
    template_name = "program/storyline/story_form.html"
    title, submit_label = "Tell a success story", "Tell the story"
    success_message = "The story is on the CX storyline: {saved}."

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def save(self, data: dict[str, Any]) -> SuccessStory:
        return services.story_create(by=self.request.user, **data)


class StoryEdit(EditView):
    queryset = SuccessStory.objects.select_related("initiative", "response__touchpoint", "link")
    rule = can_change_story
    form_class = StoryForm
    template_name = "program/storyline/story_form.html"
    title, submit_label = "Change the story", "Save the story"
    success_message = "The story was saved: {saved}."

    def get_form_kwargs(self) -> dict[str, Any]:
        s = self.object
        return {
            "user": self.request.user,
            "story": s,
            "initial": {
                "title": s.title,
                "link": s.link_id,
                "narrative": s.narrative,
                "response": s.response_id,
                "quote": s.quote,
            },
        }

    def save(self, data: dict[str, Any]) -> SuccessStory:
        return services.story_update(story=self.object, by=self.request.user, data=data)
