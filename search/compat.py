"""opensearch-py does ``from events import Events`` (PyPI's "Events"), which our ``events`` app
shadows: the PyPI module is loaded from its file and its two names given to our app module."""

import importlib.util
import sys
from pathlib import Path


def provide_pypi_events():
    import events as app_module

    if hasattr(app_module, "Events"):
        return
    app_dir = Path(app_module.__file__).resolve().parent
    for entry in sys.path:
        candidate = Path(entry or ".") / "events" / "events.py"
        if candidate.is_file() and candidate.resolve().parent != app_dir:
            spec = importlib.util.spec_from_file_location("_pypi_events", candidate)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            app_module.Events, app_module.EventsException = module.Events, module.EventsException
            return
