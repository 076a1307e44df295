from django.urls import include, path

from bookings.views import book, invitation, manage, next_group

app_name = "bookings"

urlpatterns = [
    path("<id:offering_id>/", book.book, name="book"),
    path("inbjudan/<str:token>/", invitation.invitation, name="invitation"),
    path("intresse/", include("bookings.interest_urls")),
    path("<str:token>/hantera/", manage.manage, name="manage"),
    path("<str:token>/avboka/", manage.cancel, name="cancel"),
    path("<str:token>/tacka-ja/", manage.accept, name="accept"),
    path("<str:token>/tacka-nej/", manage.decline, name="decline"),
    path("<str:token>/franvaro/", manage.absence, name="absence"),
    path("<str:token>/kalender.ics", manage.calendar_file, name="calendar"),
    path("<str:token>/nasta-grupp/", next_group.next_group, name="next_group"),
]
