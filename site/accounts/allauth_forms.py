"""allauth's forms that take an e-mail address, refusing one longer than an address may be
(settings.ACCOUNT_FORMS; the login form is staff_login.LoginForm, with the same mixin).

allauth's own field takes 320 characters; the account table keeps 254, so a longer address
failed when it was written (on PostgreSQL) instead of in the form."""

from allauth.account import forms as allauth_forms
from django import forms

from bookings.forms import limit_email_length


class EmailLengthMixin:
    """Limit every e-mail field of the form (allauth names it "login" on the login form)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.EmailField):
                limit_email_length(field)


class SignupForm(EmailLengthMixin, allauth_forms.SignupForm):
    pass


class AddEmailForm(EmailLengthMixin, allauth_forms.AddEmailForm):
    pass


class ChangeEmailForm(EmailLengthMixin, allauth_forms.ChangeEmailForm):
    pass


class ResetPasswordForm(EmailLengthMixin, allauth_forms.ResetPasswordForm):
    pass


class RequestLoginCodeForm(EmailLengthMixin, allauth_forms.RequestLoginCodeForm):
    pass
