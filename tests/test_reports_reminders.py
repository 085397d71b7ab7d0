"""send_reminders: due and overdue reminders, never twice the same day; the daily task schedules itself."""

import datetime as dt
import io

from django.core.management import call_command

from trienkhai.core.models import Notification
from trienkhai.core.tasks import DAILY_PATH, FORMER_DAILY_PATHS, schedule_daily
from trienkhai.reports.workflow import open_submission

from .reports_world import ReportWorld


def run(date: str) -> str:
    out = io.StringIO()
    call_command("send_reminders", "--date", date, stdout=out)
    return out.getvalue()


class ReminderTests(ReportWorld):
    def test_second_run_same_day_sends_nothing_next_day_sends_again(self):
        # The plan deadline (08/9/2024) is long past: both CĐCS are overdue for their own plans.
        first = run("2024-09-10")
        assert "Đã gửi 1 " in first  # cdcs_hoa is the only writer of the two CĐCS
        assert "Đã gửi 0 " in run("2024-09-10")
        assert "Đã gửi 1 " in run("2024-09-11")
        texts = list(Notification.objects.filter(user=self.cdcs_hoa).values_list("text", flat=True))
        assert all("quá hạn" in t for t in texts)

    def test_report_due_in_3_days(self):
        # Year 2024 closes 14/12/2024, deadline 5 days later: 19/12/2024; on 16/12 it is "còn 3 ngày".
        run("2024-12-16")
        assert Notification.objects.filter(user=self.cdcs_hoa, text__contains="còn 3 ngày đến hạn").exists()

    def test_no_reminder_on_a_day_not_in_the_list(self):
        run("2024-12-14")  # 5 days before
        assert not Notification.objects.filter(text__contains="Báo cáo").exists()

    def test_submitted_report_is_not_reminded(self):
        sub = open_submission(form=self.form, unit=self.school, year=2024, index=1)
        sub.status = "submitted"
        sub.save()
        run("2024-12-16")
        assert not Notification.objects.filter(text__contains="Báo cáo").exists()

    def test_daily_job_and_the_officers_button_are_one_path(self):
        from trienkhai.plans.models import PlanAssignment, Reminder
        from trienkhai.plans.workflow import send_reminder

        run("2024-09-10")
        assignment = PlanAssignment.objects.get(plan=self.plan, unit=self.school)
        # The officer presses "Nhắc" the same day: the unit was already reminded, nothing more is sent.
        assert send_reminder(assignment=assignment, user=self.officer_minh, on=dt.date(2024, 9, 10)) is None
        assert Notification.objects.filter(user=self.cdcs_hoa).count() == 1
        reminder = Reminder.objects.get(assignment=assignment)
        assert (reminder.sent_on, reminder.sent_by) == (dt.date(2024, 9, 10), None)
        # ... and the board's "last reminded" column sees the automatic reminder.
        row = PlanAssignment.objects.board(self.plan, on=dt.date(2024, 9, 10)).get(pk=assignment.pk)
        assert row.last_reminded_on == dt.date(2024, 9, 10)
        # The officer's reminder on another day stops that day's automatic one.
        assert send_reminder(assignment=assignment, user=self.officer_minh, on=dt.date(2024, 9, 11))
        assert "Đã gửi 0 " in run("2024-09-11")
        assert Notification.objects.filter(user=self.cdcs_hoa).count() == 2

    def test_finished_sub_plan_is_not_reminded(self):
        self.plan.assignments.update(completed_on=dt.date(2024, 9, 1))
        run("2024-09-10")
        assert not Notification.objects.exists()


class ScheduleTests(ReportWorld):
    def test_schedule_is_idempotent_and_at_seven(self):
        from django_tasks_db.models import DBTaskResult

        out = io.StringIO()
        call_command("schedule_reminders", stdout=out)
        call_command("schedule_reminders", stdout=out)
        assert schedule_daily() is False
        runs = DBTaskResult.objects.filter(task_path=DAILY_PATH, status="READY")
        assert runs.count() == 1
        from django.utils import timezone

        assert timezone.localtime(runs.get().run_after).hour == 7

    def test_task_run_sends_and_queues_the_next_day(self):
        from django_tasks_db.models import DBTaskResult

        from trienkhai.core.tasks import daily_work

        daily_work.call()
        assert DBTaskResult.objects.filter(task_path=DAILY_PATH, status="READY").count() == 1

    def test_the_daily_run_sends_the_reminders_of_reports(self):
        from trienkhai.core.daily_jobs import run_all

        done = run_all(on=dt.date(2024, 9, 10))
        assert done["trienkhai.reports.daily"] == 1
        assert Notification.objects.filter(user=self.cdcs_hoa).count() == 1

    def test_a_run_queued_where_the_daily_run_lived_before_is_replaced_not_doubled(self):
        from django.utils import timezone
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.create(
            task_path=FORMER_DAILY_PATHS[0],
            status="READY",
            args_kwargs={"args": [], "kwargs": {}},
            run_after=timezone.now() + dt.timedelta(hours=1),
            priority=0,
            queue_name="default",
            backend_name="default",
            exception_class_path="",
            traceback="",
        )
        call_command("schedule_reminders", stdout=io.StringIO())
        assert not DBTaskResult.objects.filter(task_path__in=FORMER_DAILY_PATHS).exists()
        assert DBTaskResult.objects.filter(task_path=DAILY_PATH, status="READY").count() == 1
