"""notify(): one notification per (user, key); the task worker e-mails those with an address."""

from django.core import mail

from trienkhai.core.models import Notification
from trienkhai.core.notify import notify

from .channels_world import run_worker
from .world import World


class NotifyTests(World):
    def test_same_key_is_never_sent_twice(self):
        self.chairwoman_lan.email = "lan@example.vn"
        self.chairwoman_lan.save()
        users = [self.chairwoman_lan, self.officer_minh, self.chairwoman_lan]
        assert notify(users=users, verb="test", text="Xin chào", url="/", key="k1") == 2
        assert notify(users=users, verb="test", text="Xin chào", url="/", key="k1") == 0
        assert Notification.objects.filter(key="k1").count() == 2
        assert len(mail.outbox) == 0  # queued for the worker, never sent inside the flow
        run_worker()
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["lan@example.vn"]

    def test_new_key_sends_again(self):
        notify(users=[self.cdcs_hoa], verb="test", text="a", url="/", key="k1")
        assert notify(users=[self.cdcs_hoa], verb="test", text="a", url="/", key="k2") == 1
