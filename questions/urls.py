from django.urls import path

from . import plan_views, views

app_name = "questions"
urlpatterns = [
    path("plan/<uuid:pk>/", plan_views.plan_edit, name="plan"),
    path("plan/<uuid:pk>/panel/", plan_views.plan_panel, name="plan-panel"),
    path("plan/<uuid:pk>/copy/", plan_views.plan_copy, name="plan-copy"),
    path("plan/<uuid:pk>/stages/<uuid:stage_id>/", plan_views.plan_stage_edit, name="plan-stage"),
    path(
        "plan/<uuid:pk>/stages/<uuid:stage_id>/move/",
        plan_views.plan_stage_move,
        name="plan-stage-move",
    ),
    path(
        "plan/<uuid:pk>/stages/<uuid:stage_id>/delete/",
        plan_views.plan_stage_delete,
        name="plan-stage-delete",
    ),
    path("kit/<uuid:interview_id>/", plan_views.kit, name="kit"),
    path("", views.question_list, name="list"),
    path("new/", views.question_create, name="create"),
    path("practice/", views.practice, name="practice"),
    path("skills/", views.skill_list, name="skills"),
    path("<uuid:pk>/", views.question_detail, name="detail"),
    path("<uuid:pk>/edit/", views.question_edit, name="edit"),
    path("<uuid:pk>/active/", views.question_toggle_active, name="toggle-active"),
    path("<uuid:pk>/practice/", views.practice_record, name="practice-record"),
    path("interview/<uuid:interview_id>/", views.interview_questions, name="interview"),
    path(
        "interview/<uuid:interview_id>/add/",
        views.interview_question_add,
        name="interview-add",
    ),
    path(
        "interview/<uuid:interview_id>/<uuid:link_id>/remove/",
        views.interview_question_remove,
        name="interview-remove",
    ),
]
