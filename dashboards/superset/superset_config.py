"""Superset's settings for Kinerja (`make bi` and the compose service). Secrets and paths come
from the environment that kinerja_superset.py sets; nothing here is a secret."""

import os

SECRET_KEY = os.environ["SUPERSET_SECRET_KEY"]
# metadata (users, charts, the imported dashboard): SQLite under $KINERJA_HOME for one machine
SQLALCHEMY_DATABASE_URI = os.environ["SUPERSET_METADATA_URL"]

# Bahasa Indonesia number and date formats in every chart (Superset has no Indonesian UI strings;
# the dashboard's own labels are Indonesian)
D3_FORMAT = {
    "decimal": ",",
    "thousands": ".",
    "grouping": [3],
    "currency": ["Rp ", ""],
}
D3_TIME_FORMAT = {
    "dateTime": "%A, %e %B %Y %X",
    "date": "%d/%m/%Y",
    "time": "%H:%M:%S",
    "periods": ["AM", "PM"],
    "days": ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"],
    "shortDays": ["Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"],
    "months": [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ],  # fmt: skip
    "shortMonths": ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
}
DEFAULT_TIMEZONE = "Asia/Jakarta"

# the dashboard is read-only analysis: no file uploads into the warehouse, no SQL Lab DML
FEATURE_FLAGS = {
    "DASHBOARD_NATIVE_FILTERS": True,
    "DASHBOARD_CROSS_FILTERS": True,
    "ALERT_REPORTS": False,
}
# no example data, no telemetry, no calls out of the machine
SUPERSET_LOAD_EXAMPLES = False
SCARF_ANALYTICS = False
# the rate limiter's in-memory store is enough for one process
RATELIMIT_STORAGE_URI = "memory://"
# behind `make bi` Superset is reached over plain http on localhost
TALISMAN_ENABLED = False
CONTENT_SECURITY_POLICY_WARNING = False
SESSION_COOKIE_SECURE = False
WTF_CSRF_ENABLED = True
ROW_LIMIT = 50000
