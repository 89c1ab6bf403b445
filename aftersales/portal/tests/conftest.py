import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def customer_user(make_user, customer):
    return make_user("kehu", "customer", customer=customer, first_name="敏", last_name="王", phone="13912345678")
