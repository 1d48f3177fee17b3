import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
application = get_wsgi_application()

from lvzhi.startup import refuse_unsafe_start, settle  # noqa: E402  (after Django is set up)

refuse_unsafe_start()
settle()
