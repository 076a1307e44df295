"""The production settings, loaded beside the test settings so a test can apply parts of them."""

import importlib

import pytest

import parentsite.settings.base


@pytest.fixture
def production_settings(monkeypatch):
    """The module parentsite.settings.production as it loads with a secret key set."""
    monkeypatch.setattr(parentsite.settings.base, "SECRET_KEY", "production-test-not-secret")
    import parentsite.settings.production as production

    return importlib.reload(production)
