"""Osmari settings: one module, every value from the environment (see .env.example)."""

from pathlib import Path

import dj_database_url

from osmari.envconf import ConfigurationError, env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# "production" turns on the deployment checks in osmari.core.checks and makes seed_demo
# refuse to run; "development" is the demo and test default.
DEPLOYMENT = env_choice("OSMARI_DEPLOYMENT", "development", ("development", "production"))

DEBUG = env_bool("DEBUG", False)

_INSECURE_DEV_KEY = "insecure-development-key-do-not-use-in-production-0123456789abcdef"
SECRET_KEY = env_str("SECRET_KEY", _INSECURE_DEV_KEY if DEPLOYMENT == "development" else "")
if DEPLOYMENT == "production" and (not SECRET_KEY or SECRET_KEY == _INSECURE_DEV_KEY):
    raise ConfigurationError("SECRET_KEY must be set to a long random value in production")

# Identity codes and health notes are encrypted at rest (osmari.core.encryption): the first
# of OSMARI_FIELD_KEYS encrypts, each of them decrypts; OSMARI_LOOKUP_KEY keys the hash that
# finds an identity code. A developer's machine has fixed keys that anyone can read here, so
# that a demo database opens anywhere; production has none, and neither missing keys nor
# these (osmari.E020, osmari.E021).
OSMARI_DEVELOPMENT_KEYS = (
    "b3NtYXJpLWRldmVsb3BtZW50LW9ubHkta2V5LTAwMDA=",  # "osmari-development-only-key-0000"
    "osmari-development-lookup-key-not-a-secret",
)
OSMARI_FIELD_KEYS = env_list(
    "OSMARI_FIELD_KEYS", [OSMARI_DEVELOPMENT_KEYS[0]] if DEPLOYMENT == "development" else []
)
OSMARI_LOOKUP_KEY = env_str(
    "OSMARI_LOOKUP_KEY", OSMARI_DEVELOPMENT_KEYS[1] if DEPLOYMENT == "development" else ""
)

# No default in production: a deployment names the hosts it answers to, or `check`,
# `migrate` and `runserver` stop (osmari.E004). A developer's machine answers on localhost.
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS",
    [] if DEPLOYMENT == "production" else ["127.0.0.1", "localhost", "[::1]", "testserver"],
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    # Only for the API documentation's own scripts and styles, served from here.
    "ninja",
    "osmari.core",
    "osmari.accounts",
    "osmari.clients",
    "osmari.screening",
    "osmari.employers",
    "osmari.agreements",
    "osmari.placements",
    "osmari.extracts",
    "osmari.matching",
    "osmari.feedback",
    "osmari.reciprocity",
    "osmari.reporting",
    "osmari.privacy",
    "osmari.participants",
    "osmari.api",
    "osmari.demo",
    # Last: the admin ships its own password pages, and Osmari's must be found first. Its
    # site logs in through Osmari's login, second factor included.
    "osmari.accounts.admin_site.OsmariAdminConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "osmari.core.middleware.RequestContextMiddleware",
    # Django's, with an answer for a session that cannot be saved while the database is away.
    "osmari.core.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # On /api/ the caller is the bearer token's holder, never the session's user.
    "osmari.api.middleware.ApiTokenMiddleware",
    # A logged-in user who has not given their second factor reaches only the pages that
    # ask for it (and logout, and public pages). It reads the session django-otp verified,
    # in place of django-otp's middleware, which would look the device up on every request.
    "osmari.accounts.middleware.SecondFactorMiddleware",
    "osmari.accounts.middleware.WorkingAreaMiddleware",
    "osmari.accounts.middleware.AreaRowSecurityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "osmari.core.middleware.ContentSecurityPolicyMiddleware",
    # Last, so that a locked-out login is answered before the view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "osmari.urls"
WSGI_APPLICATION = "osmari.wsgi.application"
ASGI_APPLICATION = "osmari.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "osmari.accounts.context_processors.navigation",
                "osmari.accounts.context_processors.single_sign_on",
            ],
        },
    },
]

FORM_RENDERER = "osmari.core.forms_renderer.OsmariFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        # Empty counts as unset, so `DATABASE_URL= make …` means the SQLite default.
        env_str("DATABASE_URL", "") or f"sqlite:///{BASE_DIR / 'var' / 'osmari.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# Seconds to wait for PostgreSQL to accept a connection (for SQLite: for a locked database), so
# that an unreachable database fails a request and /health/ quickly instead of hanging them.
# A connect_timeout given in DATABASE_URL wins.
DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
    "connect_timeout" if "postgresql" in DATABASES["default"]["ENGINE"] else "timeout",
    env_int("DATABASE_CONNECT_TIMEOUT", 5),
)
if "postgresql" in DATABASES["default"]["ENGINE"]:
    # PostgreSQL's JIT compiles a query whose estimated cost is high, which the worklist's and
    # the reports' queries over an area reach: compiling took seconds where running took
    # milliseconds. Osmari's queries are short and many, so they run without it. And its
    # tables are read from memory or SSD, where a read by index costs about what a read in
    # order does (random_page_cost 1.1, not the default 4 of spinning disks): otherwise the
    # planner read the country's rows of a table reached through the client, such as the
    # occupations sought, rather than look up the area's few thousand by their key. A
    # parallel plan's workers took longer to start (several milliseconds) than an area's
    # query took to run; parallel_setup_cost keeps them for the scans that need them.
    DATABASES["default"]["OPTIONS"].setdefault(
        "options", "-c jit=off -c random_page_cost=1.1 -c parallel_setup_cost=10000"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out user before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Answers only the identity provider's callback (osmari.accounts.sso).
    "osmari.accounts.sso.ProviderBackend",
]

# Single sign-on for staff through the area's OpenID Connect provider (Entra ID, a Finnish
# identity broker): on when these are set, off (no button, the addresses answer 404) when
# none is; see docs/operations.md. The password login stays beside it.
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_ISSUER = env_str("OIDC_OP_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "")
# The provider's name on the login button ("Mikkelin kaupunki", "Microsoft").
OSMARI_SSO_NAME = env_str("OSMARI_SSO_NAME", "")
_SSO_VARIABLES = {
    "OIDC_RP_CLIENT_ID": OIDC_RP_CLIENT_ID,
    "OIDC_RP_CLIENT_SECRET": OIDC_RP_CLIENT_SECRET,
    "OIDC_OP_ISSUER": OIDC_OP_ISSUER,
    "OIDC_OP_AUTHORIZATION_ENDPOINT": OIDC_OP_AUTHORIZATION_ENDPOINT,
    "OIDC_OP_TOKEN_ENDPOINT": OIDC_OP_TOKEN_ENDPOINT,
    "OIDC_OP_JWKS_ENDPOINT": OIDC_OP_JWKS_ENDPOINT,
    "OSMARI_SSO_NAME": OSMARI_SSO_NAME,
}
if any(_SSO_VARIABLES.values()) and not all(_SSO_VARIABLES.values()):
    _missing = ", ".join(name for name, value in _SSO_VARIABLES.items() if not value)
    raise ConfigurationError(f"Single sign-on is half configured: set {_missing} as well")
# Who signed in is read from the signed ID token alone; the user info endpoint is never
# called, yet the relying-party library asks for the setting.
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = "RS256"
# The subject is all Osmari needs: no e-mail address, name, groups or roles are asked for.
OIDC_RP_SCOPES = "openid"
OIDC_USE_PKCE = env_bool("OIDC_USE_PKCE", True)
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT_SECONDS", 10)
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso_callback"
OIDC_CREATE_USER = False
# Participants' strong electronic identification through an identity broker's OpenID Connect
# interface in the Finnish Trust Network profile (osmari.participants.ftn): on when these are
# set, off (no button, the addresses answer 404) when none is; see docs/operations.md.
OSMARI_FTN_ISSUER = env_str("OSMARI_FTN_ISSUER", "")
OSMARI_FTN_CLIENT_ID = env_str("OSMARI_FTN_CLIENT_ID", "")
# A private JWK set: one RSA key with "use": "sig", one with "use": "enc".
OSMARI_FTN_KEYS_FILE = env_str("OSMARI_FTN_KEYS_FILE", "")
_FTN_VARIABLES = {
    "OSMARI_FTN_ISSUER": OSMARI_FTN_ISSUER,
    "OSMARI_FTN_CLIENT_ID": OSMARI_FTN_CLIENT_ID,
    "OSMARI_FTN_KEYS_FILE": OSMARI_FTN_KEYS_FILE,
}
if any(_FTN_VARIABLES.values()) and not all(_FTN_VARIABLES.values()):
    _missing = ", ".join(name for name, value in _FTN_VARIABLES.items() if not value)
    raise ConfigurationError(f"Strong identification is half configured: set {_missing} as well")
OSMARI_FTN_ACR = env_str("OSMARI_FTN_ACR", "http://ftn.ficora.fi/2017/loa2")
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lockout: failures are counted per account and address in the database, so every web
# process sees the same count.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("REVERSE_PROXY_COUNT", 0)

# Second factor (django-otp): an authenticator app (TOTP) with single-use recovery codes,
# asked of everyone who logs in. Only a developer's machine may turn it off
# (osmari.E010 refuses that in production).
SECOND_FACTOR_REQUIRED = env_bool("SECOND_FACTOR_REQUIRED", True)
OTP_TOTP_ISSUER = "Osmari"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Password spraying: failed logins from one address, over every account, in a window.
# Beyond the limit the address is refused before any password is checked; the lockout per
# account and address above stays as it is.
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 30)
LOGIN_ADDRESS_WINDOW_MINUTES = env_int("LOGIN_ADDRESS_WINDOW_MINUTES", 15)
# Password reset links sent per hour, per address asking and per account.
PASSWORD_RESET_HOURLY_LIMIT = env_int("PASSWORD_RESET_HOURLY_LIMIT", 5)

SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 60) * 60
# A participant's own session ends this long after signing in, however active
# (osmari.accounts.participant_session).
PARTICIPANT_SESSION_MINUTES = env_int("PARTICIPANT_SESSION_MINUTES", 20)
SESSION_SAVE_EVERY_REQUEST = True
# The API (docs/api.md): calls a minute per token, and the largest request body it reads.
API_CALLS_PER_MINUTE = env_int("API_CALLS_PER_MINUTE", 120)
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 256 * 1024)
# Calls refused for want of a valid token that are logged a minute from one address.
API_REFUSED_LOGGED_PER_MINUTE = env_int("API_REFUSED_LOGGED_PER_MINUTE", 30)
# A quarter's open data is frozen this many days after it ends, once late entries are in.
OPEN_DATA_AFTER_DAYS = env_int("OPEN_DATA_AFTER_DAYS", 30)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_COOKIES = env_bool("SECURE_COOKIES", DEPLOYMENT == "production")
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", DEPLOYMENT == "production")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if DEPLOYMENT == "production" else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", DEPLOYMENT == "production")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY", DEPLOYMENT == "production"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", "Suomi"), ("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "osmari" / "locale"]
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

# Uploaded files (signed agreement scans) are personal data: never served as static files,
# only through views that check who is asking.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Where records whose retention ends in archiving are handed over (docs/privacy.md): the
# area's archive collects the packages from here.
ARCHIVE_ROOT = Path(env_str("ARCHIVE_ROOT", str(BASE_DIR / "var" / "archive")))
# The largest file any form takes. Django's own limit (DATA_UPLOAD_MAX_MEMORY_SIZE) leaves
# files out, so the first handler stops keeping a file as soon as it goes over this one.
MAX_UPLOAD_MB = env_int("MAX_UPLOAD_MB", 10)
FILE_UPLOAD_HANDLERS = [
    "osmari.core.uploads.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if DEPLOYMENT == "production"
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# The address people reach the service at: links in e-mails and on printed QR codes use it.
OSMARI_BASE_URL = env_str("OSMARI_BASE_URL", "http://127.0.0.1:8000")
# Unknown feedback links allowed per address in FEEDBACK_TOKEN_WINDOW seconds.
FEEDBACK_TOKEN_ATTEMPTS = env_int("FEEDBACK_TOKEN_ATTEMPTS", 20)
FEEDBACK_TOKEN_WINDOW = env_int("FEEDBACK_TOKEN_WINDOW", 600)
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "osmari@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# Nothing lives in process memory between requests: sessions and lockout counters are in
# the database; the per-process cache only holds what every process can rebuild.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Background jobs wait in the database until `manage.py run_worker` runs them (docs/jobs.md).
# The "owner" queue holds what only the database owner may do (removing audit events).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "owner"],
    }
}

# The default minimum size of a group that aggregates outside a caseload may show.
OSMARI_MIN_GROUP_SIZE = env_int("OSMARI_MIN_GROUP_SIZE", 5)
