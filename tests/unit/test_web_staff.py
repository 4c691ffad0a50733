"""The staff page's small pieces, without a server: settings, CSRF comparison, CSV cells, HTML escaping."""
from __future__ import annotations

import datetime as dt

import pytest

from bot.web.settings import load_web_settings
from bot.web.staff import html as h
from bot.web.staff import services
from bot.web.staff.auth import csrf_valid
from bot.web.staff.routes import _csv_cell, _parse_date


def test_staff_settings_come_from_the_environment():
    settings = load_web_settings({"DATABASE_URL": "sqlite:////tmp/x.db", "WEB_STAFF_SIGN_IN_ATTEMPTS": "3",
                                  "WEB_STAFF_SIGN_IN_SECONDS": "60", "WEB_PUBLIC_URL": "https://a.example.fr"})
    assert (settings.database_url, settings.staff_sign_in_attempts, settings.staff_sign_in_seconds) == (
        "sqlite:////tmp/x.db", 3, 60)
    assert settings.secure_cookies
    default = load_web_settings({})
    assert default.database_url.endswith("var/afpa.db") and not default.secure_cookies
    assert default.staff_sign_in_attempts == 5
    with pytest.raises(SystemExit):
        load_web_settings({"WEB_STAFF_SIGN_IN_ATTEMPTS": "0"})


@pytest.mark.parametrize("sent, ok", [("abc", True), ("abd", False), ("", False), (None, False), ("abc ", False)])
def test_csrf_tokens_are_compared_exactly(sent, ok):
    assert csrf_valid(sent, "abc") is ok


def test_csv_cells_never_become_formulas():
    assert _csv_cell("=HYPERLINK(\"http://x\")").startswith("'=")
    assert _csv_cell("+33612345678") == "'+33612345678"
    assert _csv_cell("Yasmine") == "Yasmine"
    assert _csv_cell(dt.datetime(2026, 12, 3, 13, 0, tzinfo=dt.timezone.utc)) == "03/12/2026 14:00"


def test_dates_are_read_in_both_forms():
    assert _parse_date("2026-12-07") == _parse_date("07/12/2026") == dt.date(2026, 12, 7)
    assert _parse_date("31/02/2027") is None


def test_every_value_is_escaped_and_chart_data_cannot_close_its_script():
    page = h.table("t", ("a", "b"), [("<script>", "x\"y")])
    assert "<script>" not in page and "&lt;script&gt;" in page
    chart = h.chart("c", "Titre", "bar", [("</script><b>", 1)], first="x", label="y")
    assert "</script><b>" not in chart


def test_counts_are_read_whatever_their_shape():
    class Count:
        def __init__(self, label, count):
            self.label, self.count = label, count

    assert services.pairs({"a": 1}) == [("a", 1)]
    assert services.pairs([("b", 2)]) == [("b", 2)]
    assert services.pairs([Count("c", 3)]) == [("c", 3)]
    assert services.pairs(None) == []


def test_the_served_chart_js_is_the_pinned_package_with_its_licences():
    import json
    import re

    from bot.settings import PROJECT_ROOT

    pinned = json.loads((PROJECT_ROOT / "package.json").read_text())["dependencies"]["chart.js"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned)  # an exact version (npm install --save-exact)
    vendor = PROJECT_ROOT / "bot" / "web" / "static" / "vendor"
    served = (vendor / "chart.umd.min.js").read_bytes()
    assert f"Chart.js v{pinned}".encode() in served[:200]
    assert (vendor / "chart.js.LICENSE.md").exists() and (vendor / "kurkle-color.LICENSE.md").exists()
    installed = PROJECT_ROOT / "node_modules" / "chart.js" / "dist" / "chart.umd.min.js"
    if installed.exists():  # after npm ci: the copy is the package's file (make vendor)
        assert installed.read_bytes() == served
