"""Run the test provider: `python -m tests.oidc_provider.serve` (see process.py).

Makes its database, signing key, people and Osmari's client, then serves on a free port of
the loopback interface and prints one JSON line: the port and each person's subject.
"""

import json
import os
import sys
import threading
from wsgiref.simple_server import WSGIRequestHandler, make_server

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"

import django

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from oidc_provider.models import Client, ResponseType  # noqa: E402

from tests.oidc_provider.process import CLIENT_ID, CLIENT_SECRET, PASSWORD, PEOPLE  # noqa: E402


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def prepare(redirect_uri: str) -> dict[str, str]:
    call_command("migrate", verbosity=0, interactive=False)
    call_command("creatersakey", stdout=open(os.devnull, "w"))  # noqa: SIM115
    subjects = {}
    for username, email in PEOPLE.items():
        user = User.objects.create_user(username=username, email=email, password=PASSWORD)
        # The provider's own default: the subject is the user's number, never reassigned.
        subjects[username] = str(user.pk)
    client = Client.objects.create(
        name="Osmari",
        client_type="confidential",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        jwt_alg="RS256",
        require_consent=False,
        reuse_consent=False,
        _redirect_uris=redirect_uri,
        _scope="openid email profile",
    )
    client.response_types.add(ResponseType.objects.get(value="code"))
    return subjects


def _exit_with_the_tests() -> None:
    # The test run holds this process's standard input open: when it ends, however it ends,
    # the input closes and the provider stops with it.
    sys.stdin.read()
    os._exit(0)


def main() -> None:
    threading.Thread(target=_exit_with_the_tests, daemon=True).start()
    subjects = prepare(redirect_uri=sys.argv[1])
    server = make_server("127.0.0.1", 0, get_wsgi_application(), handler_class=QuietHandler)
    print(json.dumps({"port": server.server_port, "subjects": subjects}), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
