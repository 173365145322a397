from django.urls import path

from . import hiring_views, views

app_name = "interviews"
urlpatterns = [
    path("", views.agenda, name="agenda"),
    path("calendar/", views.month, name="calendar"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
    path("calendar/new-address/", views.feed_rotate, name="feed-rotate"),
    path("scorecards/", views.scorecards, name="scorecards"),
    path("new/", views.create, name="create"),
    path("portal/", views.portal, name="portal"),
    path("offers/", hiring_views.offer_list, name="offers"),
    path("offers/new/", hiring_views.offer_create, name="offer-create"),
    path("offers/<uuid:pk>/", hiring_views.offer_detail, name="offer"),
    path("offers/<uuid:pk>/<str:action>/", hiring_views.offer_move, name="offer-move"),
    path("hiring/<uuid:pk>/", hiring_views.candidate_panel, name="hiring-panel"),
    path("debrief/<uuid:pk>/", hiring_views.debrief, name="debrief"),
    path("debrief/<uuid:pk>/decision/", hiring_views.decide, name="decide"),
    path("for-candidate/<uuid:pk>/", views.candidate_panel, name="candidate-panel"),
    path("for-position/<uuid:pk>/", views.position_panel, name="position-panel"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/edit/", views.edit, name="edit"),
    path("<uuid:pk>/free-times/", views.slot_picker, name="slots"),
    path("<uuid:pk>/booking-link/", views.booking_link_offer, name="booking-link"),
    path("<uuid:pk>/delete/", views.delete, name="delete"),
    path("<uuid:pk>/ics/", views.ics, name="ics"),
    path("<uuid:pk>/messages/", views.thread, name="thread"),
    path("<uuid:pk>/feedback/", views.feedback, name="feedback"),
    path("<uuid:pk>/outcome/", views.outcome, name="outcome"),
    path("<uuid:pk>/notes-after/", views.reflection, name="reflection"),
    path("<uuid:pk>/participants/", views.participant_add, name="participant-add"),
    path(
        "<uuid:pk>/participants/<uuid:pid>/remove/",
        views.participant_remove,
        name="participant-remove",
    ),
    path("<uuid:pk>/<str:move>/", views.transition, name="transition"),
]
