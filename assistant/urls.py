from django.urls import path

from . import views

app_name = "assistant"
urlpatterns = [
    path("", views.chat, name="chat"),
    path("conversations/", views.conversation_list, name="conversations"),
    path("conversations/<uuid:pk>/", views.conversation_detail, name="conversation"),
    path("questions/<uuid:pk>/ask/", views.question_panel, name="question-panel"),
    path("mock/", views.mock_start, name="mock-start"),
    path("mock/<uuid:pk>/", views.mock_detail, name="mock"),
]
