"""The program's pages that read across the apps (the homes are at the site's root)."""

from django.urls import path

from .views import health, line_of_sight, pack, search, storyline

app_name = "program"

urlpatterns = [
    path("health/", health.health, name="health"),
    path("search/", search.search_page, name="search"),
    # The CX storyline, for every employee, and its success stories.
    path("storyline/", storyline.storyline_page, name="storyline"),
    path("storyline/print/", storyline.storyline_print, name="storyline-print"),
    path("stories/new/", storyline.StoryCreate.as_view(), name="story-create"),
    path("stories/<int:pk>/", storyline.story_detail, name="story"),
    path("stories/<int:pk>/edit/", storyline.StoryEdit.as_view(), name="story-edit"),
    path("line-of-sight/", line_of_sight.line_of_sight, name="line-of-sight"),
    path(
        "line-of-sight/<int:pk>/", line_of_sight.line_of_sight_target, name="line-of-sight-target"
    ),
    path("meetings/<int:pk>/pack/", pack.meeting_pack, name="meeting-pack"),
    path("meetings/<int:pk>/pack/print/", pack.meeting_pack_print, name="meeting-pack-print"),
    path("meetings/<int:pk>/pack/store/", pack.meeting_pack_store, name="meeting-pack-store"),
    path("meetings/<int:pk>/pack/rebuild/", pack.meeting_pack_rebuild, name="meeting-pack-rebuild"),
]
