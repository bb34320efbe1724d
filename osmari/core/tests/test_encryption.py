"""Keys, tokens and the keyed hash: what is encrypted opens only with its key, a missing or
wrong key stops with a message that names the variable, and production refuses to start
without keys of its own."""

import pytest
from cryptography.fernet import Fernet

from osmari.core import checks, encryption
from osmari.core.encryption import EncryptionKeyError, decrypt, encrypt, lookup_hash

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()
LOOKUP = "a-lookup-key-for-the-tests-only-" + "x" * 16


def test_a_text_comes_back_from_its_token_and_the_token_shows_nothing_of_it(settings):
    settings.OSMARI_FIELD_KEYS = [KEY_A]
    token = encrypt("131052-308T selkävaiva")
    assert "131052" not in token and "selkävaiva" not in token
    assert decrypt(token) == "131052-308T selkävaiva"
    # The same text encrypts differently each time: tokens cannot be compared.
    assert encrypt("131052-308T") != encrypt("131052-308T")


def test_the_first_key_encrypts_and_every_key_decrypts(settings):
    settings.OSMARI_FIELD_KEYS = [KEY_A]
    old = encrypt("vanha")
    settings.OSMARI_FIELD_KEYS = [KEY_B, KEY_A]
    new = encrypt("uusi")
    assert decrypt(old) == "vanha"
    settings.OSMARI_FIELD_KEYS = [KEY_B]
    assert decrypt(new) == "uusi"


def test_a_token_of_another_key_is_refused_with_the_value_named_never_guessed(settings):
    settings.OSMARI_FIELD_KEYS = [KEY_A]
    token = encrypt("selkävaiva")
    settings.OSMARI_FIELD_KEYS = [KEY_B]
    with pytest.raises(EncryptionKeyError, match=r"SensitiveData\.notes cannot be decrypted"):
        decrypt(token, what="clients.SensitiveData.notes")
    with pytest.raises(EncryptionKeyError, match="OSMARI_FIELD_KEYS"):
        decrypt("not a token at all")


@pytest.mark.parametrize(
    ("keys", "message"),
    [([], "OSMARI_FIELD_KEYS is not set"), ([KEY_A, "salasana"], "key number 2 is not")],
)
def test_missing_or_malformed_keys_stop_encryption_with_the_variable_named(settings, keys, message):
    settings.OSMARI_FIELD_KEYS = keys
    with pytest.raises(EncryptionKeyError, match=message):
        encrypt("131052-308T")


def test_the_lookup_hash_finds_a_code_however_it_is_typed_and_depends_on_the_key(settings):
    settings.OSMARI_LOOKUP_KEY = LOOKUP
    assert lookup_hash("131052-308t ") == lookup_hash("131052-308T")
    assert lookup_hash("131052-308T") != lookup_hash("131052-308U")
    before = lookup_hash("131052-308T")
    settings.OSMARI_LOOKUP_KEY = LOOKUP + "-new"
    assert lookup_hash("131052-308T") != before
    settings.OSMARI_LOOKUP_KEY = "short"
    with pytest.raises(EncryptionKeyError, match="OSMARI_LOOKUP_KEY must be at least 32"):
        lookup_hash("131052-308T")


def _ids(settings_errors) -> list[str]:
    return [error.id for error in settings_errors]


def test_a_developers_machine_runs_on_the_development_keys(settings):
    settings.DEPLOYMENT = "development"
    settings.OSMARI_FIELD_KEYS = [settings.OSMARI_DEVELOPMENT_KEYS[0]]
    settings.OSMARI_LOOKUP_KEY = settings.OSMARI_DEVELOPMENT_KEYS[1]
    assert checks.check_encryption_keys(None) == []


def test_production_stops_without_keys_of_its_own(settings):
    settings.DEPLOYMENT = "production"
    settings.OSMARI_FIELD_KEYS = []
    settings.OSMARI_LOOKUP_KEY = ""
    assert _ids(checks.check_encryption_keys(None)) == ["osmari.E020", "osmari.E021"]
    # The development keys are in the source for anyone to read.
    settings.OSMARI_FIELD_KEYS = [KEY_A, settings.OSMARI_DEVELOPMENT_KEYS[0]]
    settings.OSMARI_LOOKUP_KEY = settings.OSMARI_DEVELOPMENT_KEYS[1]
    errors = checks.check_encryption_keys(None)
    assert _ids(errors) == ["osmari.E020", "osmari.E021"]
    assert "development key" in errors[0].msg
    settings.OSMARI_FIELD_KEYS = [KEY_A]
    settings.OSMARI_LOOKUP_KEY = LOOKUP
    assert checks.check_encryption_keys(None) == []


def test_a_malformed_key_stops_any_deployment(settings):
    settings.DEPLOYMENT = "development"
    settings.OSMARI_FIELD_KEYS = ["not-a-fernet-key"]
    errors = checks.check_encryption_keys(None)
    assert _ids(errors) == ["osmari.E020"]
    assert "key number 1 is not a Fernet key" in errors[0].msg
    assert "generate_key" in errors[0].hint


def test_a_fernet_key_is_told_from_anything_else():
    assert encryption.is_field_key(KEY_A)
    assert not encryption.is_field_key("")
    assert not encryption.is_field_key("osmari-development-only-key-0000")
