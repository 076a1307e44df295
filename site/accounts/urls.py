"""My pages, under /mina-sidor/ (namespace "mypages"). No address here holds an id or a token."""

from django.urls import path

from . import deletion_views, feeds, interest_views, views

app_name = "mypages"

urlpatterns = [
    path("", views.index, name="index"),
    path("profil/", views.profile, name="profile"),
    path("mina-uppgifter/", views.my_data, name="my_data"),
    path("mina-uppgifter/mina-uppgifter.json", views.my_data_download, name="my_data_download"),
    path("ny-kalenderlank/", feeds.renew_feed, name="renew_feed"),
    path("radera-konto/", deletion_views.delete_account, name="delete_account"),
    path("intresse/avanmal/", interest_views.withdraw, name="withdraw_interest"),
]
