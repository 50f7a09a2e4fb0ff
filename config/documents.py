"""The admin's document form (``WAGTAILDOCS_DOCUMENT_FORM_BASE``)."""

from django.core.exceptions import ValidationError
from wagtail.documents.forms import BaseDocumentForm


class DocumentForm(BaseDocumentForm):
    """Wagtail's, saying only why a refused file was refused.

    A file over ``WAGTAILDOCS_MAX_UPLOAD_SIZE`` is dropped by the form field, and the model's
    validation then also reports an empty extension: an editor would read two errors, one false.
    """

    def add_error(self, field, error):
        if self._errors and "file" in self._errors:
            if field == "file":
                return
            if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
                error.error_dict.pop("file", None)
                if not error.error_dict:
                    return
            elif isinstance(error, dict):
                error = {name: value for name, value in error.items() if name != "file"}
                if not error:
                    return
        super().add_error(field, error)
