from django.urls import path

from .views import applicant, board, decision, meetings, member, public, staff

app_name = "decisions"

urlpatterns = [
    # LAG staff
    path("", meetings.index, name="index"),
    path("board/", board.board, name="board"),
    path("board/add/", board.add_member, name="board_add"),
    path("board/seats/<int:pk>/end/", board.end_member, name="board_end"),
    path("board/seats/<int:pk>/change/", board.change_member, name="board_change"),
    path("meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", meetings.meeting, name="meeting"),
    path("meetings/<int:pk>/items/", meetings.item_add, name="item_add"),
    path("meetings/<int:pk>/send/", meetings.send_agenda, name="send_agenda"),
    path("meetings/<int:pk>/attendance/", meetings.attendance, name="attendance"),
    path("meetings/<int:pk>/adjourn/", meetings.adjourn, name="adjourn"),
    path("meetings/<int:pk>/written/", meetings.written, name="written"),
    path("meetings/<int:pk>/close/", meetings.close, name="close"),
    path("meetings/<int:pk>/sign/", meetings.sign, name="sign"),
    path("meetings/<int:pk>/minutes-draft.pdf", meetings.minutes_draft, name="minutes_draft"),
    path(
        "meetings/<int:pk>/minutes-for-signing.pdf",
        meetings.minutes_for_signing,
        name="minutes_for_signing",
    ),
    path(
        "meetings/<int:pk>/signed-minutes/",
        meetings.upload_signed_minutes,
        name="upload_signed_minutes",
    ),
    path("items/<int:pk>/", decision.decision, name="decision"),
    path("items/<int:pk>/lists/", decision.save_lines, name="save_lines"),
    path("items/<int:pk>/text/", decision.save_text, name="save_text"),
    path("items/<int:pk>/declarations/<int:member>/", decision.declarations, name="declarations"),
    path("items/<int:pk>/votes/", decision.save_votes, name="save_votes"),
    path("items/<int:pk>/adopt/", decision.adopt, name="adopt"),
    path("complaints/", staff.complaints, name="complaints"),
    path("complaints/<int:pk>/manage/", staff.complaint_staff, name="complaint_staff"),
    path("complaints/<int:pk>/file/", staff.complaint_file, name="complaint_file"),
    path("agency/", staff.agency, name="agency"),
    path("awards/<int:pk>/invite/", staff.invite, name="invite"),
    path("awards/<int:pk>/applied/", staff.applied, name="applied"),
    path("awards/<int:pk>/did-not-apply/", staff.did_not_apply, name="did_not_apply"),
    path("awards/<int:pk>/agency/", staff.agency_decision, name="agency_decision"),
    path("awards/<int:pk>/agreement/", staff.agreement, name="agreement"),
    # Board members
    path("board-area/", member.home, name="member_home"),
    path("board-area/meetings/<int:pk>/", member.meeting, name="member_meeting"),
    path("board-area/items/<int:pk>/declare/", member.declare, name="member_declare"),
    path("board-area/decisions/<int:pk>/ballot/", member.ballot, name="ballot"),
    # Applicants
    path("my/", applicant.my_decisions, name="my_decisions"),
    path("my/notices/<int:pk>/", applicant.notice, name="notice"),
    path("my/notices/<int:pk>/notice.pdf", applicant.notice_pdf, name="notice_pdf"),
    path("my/notices/<int:pk>/complaint/", applicant.complain, name="complain"),
    path("my/complaints/<int:pk>/", applicant.complaint, name="complaint"),
    # Public
    path("results/", public.results_index, name="results_index"),
    path("results/<int:pk>/", public.results, name="results"),
    path("results/<int:pk>/operations.csv", public.operations_csv, name="operations_csv"),
    path("results/<int:pk>/operations.xlsx", public.operations_xlsx, name="operations_xlsx"),
    path("minutes/<int:pk>/", public.minutes, name="minutes"),
]
