from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "trienkhai.accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .sessions import record_login

        # Bookkeeping only (the sessions page), not business logic: the login flow is Django's own.
        user_logged_in.connect(record_login, dispatch_uid="accounts.record_login")
