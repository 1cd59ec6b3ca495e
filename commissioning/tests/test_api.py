import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token

from commissioning.common.api import exception_handler

pytestmark = pytest.mark.django_db


def test_schema_generates_and_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(target))
    text = target.read_text()
    assert "openapi: 3" in text
    assert "/api/v1/me/" in text


def test_docs_page_loads_for_a_signed_in_user(officer_client):
    response = officer_client.get(reverse("api-docs"))
    assert response.status_code == 200
    assert b"swagger" in response.content.lower()


def test_anonymous_request_is_refused_with_401(api_client):
    response = api_client.get(reverse("api:me"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_token_authentication(api_client, officer):
    token = Token.objects.create(user=officer)
    response = api_client.get(reverse("api:me"), HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert response.json() == {
        "username": officer.username,
        "name": officer.get_full_name(),
        "email": "",
        "roles": ["Commissioning officer"],
    }


def test_api_speaks_json_only(officer_api):
    response = officer_api.get(reverse("api:me"), HTTP_ACCEPT="text/html")
    assert response.status_code == 406


def test_service_refusals_become_400_with_field_errors():
    response = exception_handler(ValidationError({"months": ["Only 3 months are left."]}), {})
    assert response.status_code == 400
    assert response.data == {"months": ["Only 3 months are left."]}


def test_service_refusal_without_a_field_is_a_non_field_error():
    response = exception_handler(ValidationError("Exercise option 1 first."), {})
    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["Exercise option 1 first."]}
