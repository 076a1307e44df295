from django.urls import path

from bookings.views import account_deletion, book, feeds, manage

app_name = "bookings"

urlpatterns = [
    path("<int:offering_id>/", book.book, name="book"),
    path("mina/", manage.my_bookings, name="my_bookings"),
    path("mina/ny-kalenderlank/", feeds.renew_feed, name="renew_feed"),
    path("mina/radera-konto/", account_deletion.delete_account, name="delete_account"),
    path("kalender/<str:token>.ics", feeds.parent_feed, name="parent_feed"),
    path("program/<int:program_id>/kalender.ics", feeds.program_feed, name="program_feed"),
    path("<str:token>/hantera/", manage.manage, name="manage"),
    path("<str:token>/avboka/", manage.cancel, name="cancel"),
    path("<str:token>/tacka-ja/", manage.accept, name="accept"),
    path("<str:token>/tacka-nej/", manage.decline, name="decline"),
    path("<str:token>/kalender.ics", manage.calendar_file, name="calendar"),
]
