"""Production's HTTPS settings: `check --deploy` clean with the documented environment, and each
part switchable by an environment variable for a site that ends TLS elsewhere."""

from tests.website.production import manage, run_python, security_settings

ONE_YEAR = 365 * 24 * 60 * 60


def test_check_deploy_reports_nothing_under_production_settings_with_the_documented_environment():
    done = manage("check", "--deploy", "--fail-level", "WARNING")

    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "System check identified no issues (0 silenced)."
    assert "WARNING" not in done.stderr


def test_check_deploy_names_what_an_operator_switched_off():
    done = manage("check", "--deploy", SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0")

    assert "security.W004" in done.stdout + done.stderr  # no HSTS
    assert "security.W008" in done.stdout + done.stderr  # no HTTPS redirect


def test_production_redirects_to_https_and_sends_hsts_for_a_year_with_subdomains_and_preload():
    chosen = security_settings()

    assert chosen["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert chosen["SECURE_SSL_REDIRECT"] is True
    assert chosen["SECURE_HSTS_SECONDS"] == ONE_YEAR
    assert chosen["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert chosen["SECURE_HSTS_PRELOAD"] is True
    assert chosen["SESSION_COOKIE_SECURE"] is True
    assert chosen["CSRF_COOKIE_SECURE"] is True


def test_a_site_that_ends_tls_elsewhere_switches_each_part_off():
    chosen = security_settings(
        SECURE_PROXY_SSL_HEADER="off",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="0",
        SECURE_HSTS_PRELOAD="0",
        SECURE_COOKIES="0",
    )

    assert chosen["SECURE_PROXY_SSL_HEADER"] is None
    assert chosen["SECURE_SSL_REDIRECT"] is False
    assert chosen["SECURE_HSTS_SECONDS"] == 0
    assert chosen["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert chosen["SECURE_HSTS_PRELOAD"] is False
    assert chosen["SESSION_COOKIE_SECURE"] is False


def test_a_proxy_naming_the_scheme_in_another_header_is_read():
    assert security_settings(SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_SCHEME")["SECURE_PROXY_SSL_HEADER"] == [
        "HTTP_X_FORWARDED_SCHEME",
        "https",
    ]


def test_csp_report_only_moves_the_policy_to_the_report_only_header_and_names_the_report_address():
    done = run_python(
        "from django.conf import settings as s\n"
        "print(s.CONTENT_SECURITY_POLICY, s.CONTENT_SECURITY_POLICY_REPORTS_ONLY)\n"
        "print(s.CONTENT_SECURITY_POLICY_REPORT_ONLY['DIRECTIVES']['report-uri'])\n"
        "print(s.ADMIN_CONTENT_SECURITY_POLICY['DIRECTIVES']['report-uri'])",
        CSP_REPORT_ONLY="1",
        CSP_REPORT_URI="https://reports.example.org/csp",
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["None", "True", "https://reports.example.org/csp", "https://reports.example.org/csp"]


def test_the_policy_is_enforced_unless_report_only_is_asked_for():
    done = run_python(
        "from django.conf import settings as s\n"
        "print(s.CONTENT_SECURITY_POLICY_REPORT_ONLY, s.CONTENT_SECURITY_POLICY_REPORTS_ONLY)\n"
        "print(sorted(s.CONTENT_SECURITY_POLICY['DIRECTIVES']))"
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "None False"
    assert "'script-src'" in done.stdout
