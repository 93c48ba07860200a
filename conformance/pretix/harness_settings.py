# pretix's settings with one change: pretix hard-codes the SMTP backend, so mail goes nowhere here.
from pretix.settings import *  # noqa: F401,F403

EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
