"""Turn the deployer's URL-style environment variables into Django settings."""

from urllib.parse import parse_qs, unquote, urlsplit


def search_backends(url: str) -> dict:
    """Map SEARCH_URL to WAGTAILSEARCH_BACKENDS.

    Empty: the database backend (SQLite FTS5 or PostgreSQL full text search) with French and
    English analysis done in Python (``search.backends.database``).
    ``opensearch://host:port`` / ``opensearchs://`` (TLS): OpenSearch 3 (``?version=2`` for 2.x).
    ``elasticsearch://host:port`` / ``elasticsearchs://``: Elasticsearch 8.
    ``user:password@`` in the URL: HTTP basic authentication.
    Query string options: ``prefix`` (index prefix, default ``tec_``), ``timeout`` (seconds).

    On an engine there are two backends: ``default`` (every page, French analysis; also used by
    the Wagtail admin) and ``en`` (English pages only, English analysis, indexes prefixed
    ``<prefix>en_``), which the public search uses for English readers.
    """
    if not url:
        return {"default": {"BACKEND": "search.backends.database"}}
    parts = urlsplit(url)
    options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    scheme = parts.scheme
    tls = scheme.endswith("s") and scheme not in ("opensearch", "elasticsearch")
    engine = scheme[:-1] if tls else scheme
    backends = {
        "opensearch": "search.backends.opensearch",
        "elasticsearch": "search.backends.elasticsearch8",
    }
    if engine not in backends:
        raise ValueError(f"SEARCH_URL: unknown scheme {scheme!r}")
    backend = backends[engine]
    if engine == "opensearch" and options.get("version") == "2":
        backend = "search.backends.opensearch2"
    host = {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 9200,
        "scheme": "https" if tls else "http",
    }
    if parts.username:
        host["http_auth"] = (unquote(parts.username), unquote(parts.password or ""))
    prefix = options.get("prefix", "tec_")
    common = {
        "BACKEND": backend,
        "URLS": [f"{host['scheme']}://{host['host']}:{host['port']}"],
        "TIMEOUT": int(options.get("timeout", "5")),
        "OPTIONS": {"http_auth": host["http_auth"]} if "http_auth" in host else {},
    }
    return {
        "default": {**common, "INDEX_PREFIX": prefix, "LANGUAGE": "fr"},
        "en": {**common, "INDEX_PREFIX": f"{prefix}en_", "LANGUAGE": "en", "ONLY_LANGUAGE": True},
    }


def email_settings(url: str) -> dict:
    """Map EMAIL_URL to Django email settings.

    Empty or ``console:``: print messages. ``smtp://user:pass@host:port`` (plain or STARTTLS with
    ``?tls=1``) or ``smtps://`` (implicit TLS).
    """
    if not url or url.startswith("console"):
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlsplit(url)
    options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    if parts.scheme not in ("smtp", "smtps"):
        raise ValueError(f"EMAIL_URL: unknown scheme {parts.scheme!r}")
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "127.0.0.1",
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_USE_TLS": options.get("tls") in ("1", "true"),
        "EMAIL_TIMEOUT": int(options.get("timeout", "10")),
    }


def cache_settings(url: str) -> dict:
    """Map CACHE_URL to Django's CACHES.

    Empty or ``locmem://``: memory of each process (one process only: ``make run``, tests).
    ``db://table_name``: Django's database cache (create it with ``manage.py createcachetable``).
    ``redis://[:password@]host:port/db`` or ``rediss://`` (TLS): Django's Redis cache (Redis or
    Valkey). Query string options: ``prefix`` (key prefix), ``timeout`` (default seconds).
    Every process of a deployment must share one cache: database or Redis.
    """
    parts = urlsplit(url)
    options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    scheme = parts.scheme
    if not url or scheme == "locmem":
        cache = {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": parts.netloc or "territoires",
        }
    elif scheme == "db":
        table = (parts.netloc + parts.path).strip("/")
        if not table:
            raise ValueError("CACHE_URL: db:// needs a table name, e.g. db://django_cache")
        cache = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": table}
    elif scheme in ("redis", "rediss"):
        location = parts._replace(query="").geturl()
        cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location}
    else:
        raise ValueError(f"CACHE_URL: unknown scheme {scheme!r}")
    if "prefix" in options:
        cache["KEY_PREFIX"] = options["prefix"]
    if "timeout" in options:
        cache["TIMEOUT"] = int(options["timeout"])
    return {"default": cache}


def flag(value: str | None, default: bool) -> bool:
    """Read a yes/no environment variable: ``1``/``true``/``yes``/``on`` or ``0``/``false``/..."""
    if value is None or not value.strip():
        return default
    answer = value.strip().lower()
    if answer in ("1", "true", "yes", "on"):
        return True
    if answer in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"expected a yes/no value (1/0, true/false), got {value!r}")
