from django.urls import path

from . import views

app_name = "learners"
urlpatterns = [
    path("me/profile/", views.profile_edit, name="profile"),
    path("me/export/", views.data_export, name="data-export"),
    path("me/delete/", views.account_delete, name="account-delete"),
    path("me/profile/exam-passes/", views.exam_pass_add, name="exam-pass-add"),
    path("me/profile/exam-passes/<str:code>/delete/", views.exam_pass_delete, name="exam-pass-delete"),
    path("me/certificates/<uuid:credential_uuid>/print/", views.certificate_print, name="certificate-print"),
    path("verify/", views.verify_upload, name="verify"),
    path("verify/<uuid:credential_uuid>/", views.verify_detail, name="verify-detail"),
    path("verify/<uuid:credential_uuid>/credential.json", views.credential_json, name="credential-json"),
    # Public, for outside verifiers: the revocation lists and the issuer's did:web DID document.
    path("credentials/status/<str:list_id>", views.status_list_json, name="credential-status-list"),
    path(".well-known/did.json", views.did_json, name="did-document"),
    path("me/learning/record.json", views.learner_record_download, name="learner-record"),
    path("me/learning/", views.my_learning, name="my-learning"),
    path(
        "me/learning/reported/<uuid:completion_uuid>/dispute/",
        views.external_completion_dispute,
        name="external-completion-dispute",
    ),
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
