import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

from config.env import cache_settings, email_settings, flag, search_backends


def test_no_search_url_means_database_backend():
    assert search_backends("")["default"]["BACKEND"] == "search.backends.database"


def test_opensearch_url_with_credentials_and_prefix():
    backend = search_backends("opensearchs://user:p%40ss@search.example:9243?prefix=tec_prod_")
    default = backend["default"]
    assert default["BACKEND"] == "search.backends.opensearch"
    assert default["URLS"] == ["https://search.example:9243"]
    assert default["INDEX_PREFIX"] == "tec_prod_"
    assert default["OPTIONS"] == {"http_auth": ("user", "p@ss")}
    english = backend["en"]
    assert (english["INDEX_PREFIX"], english["LANGUAGE"], english["ONLY_LANGUAGE"]) == (
        "tec_prod_en_",
        "en",
        True,
    )
    assert english["URLS"] == default["URLS"]


def test_elasticsearch_and_opensearch_2_urls():
    assert search_backends("elasticsearch://es:9200")["default"]["BACKEND"] == (
        "search.backends.elasticsearch8"
    )
    assert search_backends("opensearch://os:9200?version=2")["default"]["BACKEND"] == (
        "search.backends.opensearch2"
    )


def test_unknown_search_scheme_is_refused():
    with pytest.raises(ValueError, match="SEARCH_URL"):
        search_backends("solr://localhost")


def test_email_url():
    assert email_settings("")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    smtp = email_settings("smtp://me:secret@mail.example:587?tls=1")
    assert (smtp["EMAIL_HOST"], smtp["EMAIL_PORT"], smtp["EMAIL_USE_TLS"]) == (
        "mail.example",
        587,
        True,
    )
    assert smtp["EMAIL_HOST_PASSWORD"] == "secret"


def test_no_cache_url_means_local_memory():
    for url in ("", "locmem://"):
        cache = cache_settings(url)["default"]
        assert cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_database_cache_url():
    cache = cache_settings("db://django_cache?timeout=600")["default"]
    assert cache == {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
        "TIMEOUT": 600,
    }
    with pytest.raises(ValueError, match="table name"):
        cache_settings("db://")


def test_redis_cache_url_keeps_host_port_database_and_password():
    cache = cache_settings("redis://:s%40cret@cache.example:6380/2?prefix=tec")["default"]
    assert cache == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://:s%40cret@cache.example:6380/2",
        "KEY_PREFIX": "tec",
    }
    assert cache_settings("rediss://cache.example:6379/0")["default"]["LOCATION"] == (
        "rediss://cache.example:6379/0"
    )


def test_unknown_cache_scheme_is_refused():
    with pytest.raises(ValueError, match="CACHE_URL"):
        cache_settings("memcached://127.0.0.1:11211")


def test_settings_read_cache_url(tmp_path):
    """The variable reaches Django's CACHES (a fresh interpreter reads the settings)."""
    script = "from django.conf import settings; print(settings.CACHES['default']['LOCATION'])"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "CACHE_URL": "redis://127.0.0.1:6379/3",
    }
    shown = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert shown.stdout.strip() == "redis://127.0.0.1:6379/3"


def test_flag():
    assert flag(None, default=True) is True
    assert flag("", default=False) is False
    assert flag("Yes", default=False) is True
    assert flag("0", default=True) is False
    with pytest.raises(ValueError, match="yes/no"):
        flag("maybe", default=True)


# check --deploy passes under the production settings with the documented environment.
CHECKLIST = settings.BASE_DIR / "docs" / "security.md"


def documented_environment():
    """The variables of the shell block under "Production settings checklist" in the docs."""
    text = CHECKLIST.read_text()
    section = text.split("## Production settings checklist", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    variables = dict(line.split("=", 1) for line in block.splitlines() if "=" in line)
    # Placeholders such as <50 or more random characters> get a real value here.
    return {
        name: secrets.token_urlsafe(50) if value.startswith("<") else value
        for name, value in variables.items()
    }


def run_deploy_check(environment, tmp_path):
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        **environment,
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_documented_production_environment_passes_check_deploy(tmp_path):
    environment = documented_environment()
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "SECURE_HSTS_SECONDS"} <= environment.keys()
    result = run_deploy_check(environment, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_without_the_hsts_opt_ins_check_deploy_says_so(tmp_path):
    environment = documented_environment()
    del environment["SECURE_HSTS_INCLUDE_SUBDOMAINS"], environment["SECURE_HSTS_PRELOAD"]
    result = run_deploy_check(environment, tmp_path)
    assert result.returncode != 0
    found = set(re.findall(r"security\.W\d+", result.stderr + result.stdout))
    # HTTPS redirect and HSTS itself are on by default; only the two opt-ins are reported.
    assert found == {"security.W005", "security.W021"}
