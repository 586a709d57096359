from django.urls import path

from . import views

app_name = "learners"
urlpatterns = [
    path("me/profile/", views.profile_edit, name="profile"),
    path("me/learning/", views.my_learning, name="my-learning"),
    path("me/skills/", views.my_skills, name="my-skills"),
    path("me/skills/gap/", views.skill_gap, name="skill-gap"),
    path("learn/<slug:slug>/", views.course_learn, name="course-learn"),
    path("learn/<slug:slug>/enrol/", views.enrol, name="enrol"),
    path("learn/<slug:slug>/lessons/<int:lesson_id>/", views.lesson_detail, name="lesson-detail"),
    path(
        "learn/<slug:slug>/lessons/<int:lesson_id>/complete/", views.lesson_complete, name="lesson-complete"
    ),
    path("learn/<slug:slug>/lessons/<int:lesson_id>/quiz/", views.quiz_submit, name="quiz-submit"),
]
