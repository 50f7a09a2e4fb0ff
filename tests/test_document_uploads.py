"""Documents larger than ``DOCUMENT_MAX_UPLOAD_MB`` are refused by the admin, with a message."""

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection
from wagtail.test.utils import WagtailTestUtils

Document = get_document_model()


def pdf_of(size):
    return SimpleUploadedFile("rapport.pdf", b"%PDF-1.4\n" + b"0" * (size - 9), "application/pdf")


class DocumentUploadLimitTests(WagtailTestUtils, TestCase):
    def setUp(self):
        self.client.force_login(self.create_superuser("admin"))
        self.limit = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
        self.collection = Collection.get_first_root_node().pk

    def test_the_limit_comes_from_the_environment_default(self):
        self.assertEqual(self.limit, 20 * 1024 * 1024)

    def test_too_big_a_document_is_refused_with_a_message(self):
        response = self.client.post(
            reverse("wagtaildocs:add"),
            {"title": "Rapport", "file": pdf_of(self.limit + 1), "collection": self.collection},
            HTTP_ACCEPT_LANGUAGE="fr",
        )
        self.assertEqual(response.status_code, 200)
        self.assertFormError(
            response.context["form"],
            "file",
            "Ce fichier est trop gros (20,0\xa0Mio). La taille de fichier maximale est de "
            "20,0\xa0Mio.",
        )
        self.assertFalse(Document.objects.exists())

    def test_too_big_a_document_is_refused_by_the_multiple_upload(self):
        response = self.client.post(
            reverse("wagtaildocs:add_multiple"), {"files[]": pdf_of(self.limit + 1)}
        )
        self.assertEqual(response.status_code, 200)
        answer = response.json()
        self.assertFalse(answer["success"])
        self.assertIn("trop gros", answer["error_message"])
        self.assertFalse(Document.objects.exists())

    def test_a_document_within_the_limit_is_saved(self):
        response = self.client.post(
            reverse("wagtaildocs:add_multiple"), {"files[]": pdf_of(self.limit)}
        )
        self.assertTrue(response.json()["success"])
        self.assertEqual(Document.objects.get().file_size, self.limit)
