from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("<id:program_id>/kalender.ics", views.program_feed, name="program_feed"),
]
