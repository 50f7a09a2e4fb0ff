import pytest

from config.env import email_settings, search_backends


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
