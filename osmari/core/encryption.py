"""Personal data encrypted at rest, and the keyed hash that still finds an identity code.

Identity codes and free text about a person's health are stored as Fernet tokens
(`cryptography`'s MultiFernet: AES in CBC mode with an HMAC-SHA256 over it), so that a copy
of the database file, a dump or a backup holds no readable code or note. The keys come from
`OSMARI_FIELD_KEYS`, comma-separated: the first encrypts, every one of them decrypts, so a
key is replaced by putting a new one first and running `manage.py rotate_field_keys`.

A token cannot be compared in the database: the same code encrypts differently each time.
A value that must be found (the identity code) therefore has a keyed hash beside it,
HMAC-SHA256 with `OSMARI_LOOKUP_KEY`. Equal codes give equal hashes, so a lookup is one
indexed query; a plain hash would not do, since every identity code of a birth date can be
tried in a moment. Encrypted fields refuse every lookup but `isnull`, so that nobody filters
on ciphertext by mistake and finds nothing.

What stays plain, and why, is in docs/decisions/0009-encryption-at-rest.md.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

# The smallest lookup key taken: HMAC-SHA256 wants a key as long as its output.
LOOKUP_KEY_MIN_LENGTH = 32


class EncryptionKeyError(ImproperlyConfigured):
    """The keys cannot encrypt or read a value: missing, malformed, or not the one that
    encrypted it. Never answered with a guess."""


# --- Keys ------------------------------------------------------------------------------------


def is_field_key(key: str) -> bool:
    """A Fernet key: 32 bytes in URL-safe base64 (`Fernet.generate_key()`)."""
    try:
        Fernet(key)
    except (ValueError, TypeError):
        return False
    return True


@lru_cache(maxsize=8)
def _fernet(keys: tuple[str, ...]) -> tuple[MultiFernet, Fernet]:
    return MultiFernet([Fernet(key) for key in keys]), Fernet(keys[0])


def _keys() -> tuple[MultiFernet, Fernet]:
    """Every key of OSMARI_FIELD_KEYS, and the primary one alone."""
    keys = tuple(settings.OSMARI_FIELD_KEYS)
    if not keys:
        raise EncryptionKeyError(
            "OSMARI_FIELD_KEYS is not set: identity codes and health notes can be neither "
            "encrypted nor read (docs/operations.md says how to make a key)."
        )
    malformed = [str(n) for n, key in enumerate(keys, start=1) if not is_field_key(key)]
    if malformed:
        raise EncryptionKeyError(
            f"OSMARI_FIELD_KEYS: key number {', '.join(malformed)} is not a Fernet key "
            "(32 bytes in URL-safe base64)."
        )
    return _fernet(keys)


def encrypt(text: str) -> str:
    """The text as a token under the primary key."""
    return _keys()[0].encrypt(text.encode()).decode("ascii")


def decrypt(token: str, *, what: str = "A value") -> str:
    """The text of a token that one of the keys encrypted; `what` names the value when no
    key opens it."""
    try:
        return _keys()[0].decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeEncodeError):
        raise EncryptionKeyError(
            f"{what} cannot be decrypted with the keys in OSMARI_FIELD_KEYS: the key that "
            "encrypted it is missing, or the stored value is not a token."
        ) from None


def lookup_hash(value: str) -> str:
    """The keyed hash that finds a code (case and surrounding spaces do not count)."""
    key = settings.OSMARI_LOOKUP_KEY
    if len(key) < LOOKUP_KEY_MIN_LENGTH:
        raise EncryptionKeyError(
            f"OSMARI_LOOKUP_KEY must be at least {LOOKUP_KEY_MIN_LENGTH} characters: identity "
            "codes cannot be found without it."
        )
    message = value.strip().upper().encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


# --- Fields ----------------------------------------------------------------------------------


class _Encrypted:
    """Stored as a token in a text column, whatever the field's own type; an empty text is
    stored empty, since it says nothing about anyone."""

    name: str
    model: Any

    def get_internal_type(self) -> str:
        return "TextField"

    def _to_text(self, value: Any) -> str:
        return str(value)

    def _from_text(self, text: str) -> Any:
        return text

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return self._from_text(decrypt(value, what=f"{self.model._meta.label}.{self.name}"))

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)  # type: ignore[misc]
        if value is None or value == "":
            return value
        return encrypt(self._to_text(value))

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)  # type: ignore[misc]
        raise FieldError(
            f"{self.model._meta.label}.{self.name} is encrypted: it cannot be compared in the "
            "database (a code is found by its lookup hash)."
        )

    def get_transform(self, lookup_name: str) -> Any:
        raise FieldError(f"{self.model._meta.label}.{self.name} is encrypted: no {lookup_name}.")


class EncryptedTextField(_Encrypted, models.TextField):
    """Free text encrypted at rest."""


class EncryptedCharField(_Encrypted, models.CharField):
    """A short text encrypted at rest: `max_length` limits the text, the column holds the
    longer token."""


class EncryptedJSONField(_Encrypted, models.Field):
    """A JSON document encrypted at rest; nobody reports on its contents."""

    def _to_text(self, value: Any) -> str:
        return json.dumps(value)

    def _from_text(self, text: str) -> Any:
        return json.loads(text)

    def value_to_string(self, obj: models.Model) -> Any:
        return self.value_from_object(obj)


class LookupHashField(models.CharField):
    """The keyed hash of another field's value, kept up to date on every save, so that the
    value is found by `lookup_hash` in one indexed query."""

    def __init__(self, *args: Any, source: str, **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = getattr(model_instance, self.source)
        hashed = lookup_hash(value) if value else ""
        setattr(model_instance, self.attname, hashed)
        return hashed


def encrypted_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if isinstance(f, _Encrypted)]


def hash_fields(model: type[models.Model]) -> list[LookupHashField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, LookupHashField)]


# --- Rewriting stored values -----------------------------------------------------------------
# Raw SQL, since the fields themselves would decrypt on reading and encrypt on writing: these
# functions see and write what is stored.

Change = Callable[[tuple[Any, ...]], "tuple[Any, ...] | None"]


def _column(field: Any) -> str:
    # Every field here is concrete: it has a column.
    return str(field.column)


def _rewrite(
    connection: BaseDatabaseWrapper,
    model: Any,
    read: Sequence[str],
    write: Sequence[str],
    change: Change,
    batch_size: int,
) -> int:
    """Pass every row's stored `read` columns through `change`, which returns the new values
    of the `write` columns (None: leave the row), in batches by primary key, each batch in
    its own transaction. Returns how many rows changed."""
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    columns = ", ".join(quote(column) for column in read)
    # Names come from the models' own metadata, quoted; values are parameters.
    select = f"SELECT {pk}, {columns} FROM {table} WHERE {pk} > %s"  # noqa: S608
    select += f" ORDER BY {pk} LIMIT %s"
    assignments = ", ".join(f"{quote(column)} = %s" for column in write)
    update = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608
    changed, last = 0, None
    while True:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            # Keys are positive: a start below every key reads from the first row.
            cursor.execute(select, [-1 if last is None else last, batch_size])
            rows = cursor.fetchall()
            updates = []
            for pk_value, *values in rows:
                new = change(tuple(values))
                if new is not None:
                    updates.append([*new, pk_value])
            if updates:
                cursor.executemany(update, updates)
        changed += len(updates)
        if len(rows) < batch_size:
            return changed
        last = rows[-1][0]


def _opener(what: str) -> Callable[[Any], Any]:
    def open_value(value: Any) -> Any:
        return value if value in (None, "") else decrypt(value, what=what)

    return open_value


def _sealed(value: Any) -> Any:
    return value if value in (None, "") else encrypt(value)


def _columns(model: Any, names: Sequence[str]) -> tuple[list[str], list[tuple[int, str]]]:
    """The columns of these fields, and for each hash field whose source is among them: the
    source's position and the hash's column."""
    fields = [model._meta.get_field(name) for name in names]
    hashes = [(names.index(f.source), _column(f)) for f in hash_fields(model) if f.source in names]
    return [_column(f) for f in fields], hashes


def encrypt_stored(
    apps: Any, schema_editor: Any, label: str, names: Sequence[str], batch_size: int = 500
) -> None:
    """For a data migration: encrypt these fields' plain values already stored, and fill
    the hash fields computed from them."""
    model = apps.get_model(label)
    columns, hashes = _columns(model, names)

    def change(values: tuple[Any, ...]) -> tuple[Any, ...]:
        hashed = [lookup_hash(values[at]) if values[at] else "" for at, _column in hashes]
        return (*(_sealed(value) for value in values), *hashed)

    write = [*columns, *(column for _at, column in hashes)]
    _rewrite(schema_editor.connection, model, columns, write, change, batch_size)


def decrypt_stored(
    apps: Any, schema_editor: Any, label: str, names: Sequence[str], batch_size: int = 500
) -> None:
    """The reverse of `encrypt_stored`: the plain values back, the hashes emptied."""
    model = apps.get_model(label)
    columns, hashes = _columns(model, names)
    opener = _opener(label)

    def change(values: tuple[Any, ...]) -> tuple[Any, ...]:
        return (*(opener(value) for value in values), *("" for _hash in hashes))

    write = [*columns, *(column for _at, column in hashes)]
    _rewrite(schema_editor.connection, model, columns, write, change, batch_size)


# --- Rotation --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rotated:
    """What a rotation did to one model: values re-encrypted under the primary key, and
    hashes recomputed with the lookup key."""

    model: str
    reencrypted: int
    rehashed: int


def _rotate_model(
    connection: BaseDatabaseWrapper, model: Any, fields: list[models.Field], batch_size: int
) -> int:
    every, primary = _keys()
    label = model._meta.label

    def change(values: tuple[Any, ...]) -> tuple[Any, ...] | None:
        new, moved = [], False
        for field, value in zip(fields, values, strict=True):
            if value in (None, ""):
                new.append(value)
                continue
            token = value.encode("ascii")
            try:
                primary.decrypt(token)
            except InvalidToken:
                try:
                    token = every.rotate(token)
                except InvalidToken:
                    raise EncryptionKeyError(
                        f"{label}.{field.name}: a value cannot be decrypted with any key in "
                        "OSMARI_FIELD_KEYS; keep the key that encrypted it in the list."
                    ) from None
                moved = True
            new.append(token.decode("ascii"))
        return tuple(new) if moved else None

    columns = [_column(field) for field in fields]
    return _rewrite(connection, model, columns, columns, change, batch_size)


def _rehash_model(
    connection: BaseDatabaseWrapper, model: Any, fields: list[LookupHashField], batch_size: int
) -> int:
    changed = 0
    for field in fields:
        source = model._meta.get_field(field.source)
        opener = _opener(f"{model._meta.label}.{source.name}")
        secret = isinstance(source, _Encrypted)

        def change(values: tuple[Any, ...], opener: Any = opener, secret: bool = secret) -> Any:
            value, stored = values
            plain = opener(value) if secret else value
            hashed = lookup_hash(plain) if plain else ""
            return None if hashed == stored else (hashed,)

        read = [_column(source), _column(field)]
        changed += _rewrite(connection, model, read, [_column(field)], change, batch_size)
    return changed


def rotate_stored(
    connection: BaseDatabaseWrapper, *, rehash: bool, batch_size: int = 500
) -> list[Rotated]:
    """Re-encrypt every encrypted value of every model under the primary key (a value the
    primary key already opens is left alone, so a second run changes nothing) and, with
    `rehash`, recompute every lookup hash with the lookup key now set."""
    from django.apps import apps

    done = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields, hashes = encrypted_fields(model), hash_fields(model) if rehash else []
        if not fields and not hashes:
            continue
        reencrypted = _rotate_model(connection, model, fields, batch_size) if fields else 0
        rehashed = _rehash_model(connection, model, hashes, batch_size) if hashes else 0
        done.append(Rotated(model._meta.label, reencrypted, rehashed))
    return done


def field_keys_rotate(
    *, actor: Any = None, rehash: bool = False, batch_size: int = 500
) -> list[Rotated]:
    """Re-encrypt what is stored under the primary key (and recompute the lookup hashes):
    audited as one event with the counts, which name no person."""
    from django.db import connection

    from osmari.core.audit import audit_record

    done = rotate_stored(connection, rehash=rehash, batch_size=batch_size)
    audit_record(
        actor=actor,
        action="encryption.rotate",
        changes={
            "rehash": rehash,
            "models": {
                r.model: {"reencrypted": r.reencrypted, "rehashed": r.rehashed} for r in done
            },
        },
    )
    return done
