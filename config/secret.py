"""A random secret key kept in the local data folder, so `make run` needs no configuration."""

import secrets
from pathlib import Path


def local_secret_key(folder: Path) -> str:
    """Return the key stored in ``folder/secret_key``, creating it on first use."""
    path = folder / "secret_key"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()
