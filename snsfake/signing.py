"""Message signatures: the string SNS signs, the RSA signature, and the test certificate.

Owns the bundled key pair (``snsfake/_signing/key.pem`` and ``cert.pem``: RSA 2048,
self-signed, CN ``sns.amazonaws.com``, valid 2024-2124, for tests only) and everything
that turns envelope fields into the ``Signature`` / ``SigningCertURL`` a subscriber checks.

API (all pure functions; key and certificate load lazily, once)::

    signing_certificate_pem() -> str           # the PEM subscribers verify with
    signing_cert_url(region: str, dns_suffix: str) -> str
                                               # https://sns.{region}.{dns}/SimpleNotificationService-{hex}.pem
    string_to_sign(fields: Mapping[str, str]) -> str
                                               # AWS canonical "Name\\nValue\\n" string, by fields["Type"]
    sign(fields: Mapping[str, str], signature_version: str) -> str
                                               # base64 RSA PKCS#1 v1.5, SHA1 ("1") / SHA256 ("2")
    signing_available() -> bool                # is the optional 'cryptography' package importable?

``cryptography`` is optional at runtime (``pip install 'snsfake[signing]'``): it is imported
only when a signature is made, and its absence raises a ``RuntimeError`` that says what to
install. Pure-Python RSA (CRT ``pow``) was measured at ~9 ms a signature against ~0.75 ms
with ``cryptography``, so the fake does not fall back to it.

A notification's signature does not depend on the subscription, so :func:`sign` keeps a
small cache: fanning one message out to many subscribers costs one RSA operation.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import os
from collections.abc import Mapping
from typing import Any, Final

__all__ = [
    "sign",
    "signing_available",
    "signing_cert_url",
    "signing_certificate_pem",
    "string_to_sign",
]

_DIR: Final = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_signing")

_MISSING_CRYPTOGRAPHY: Final = (
    "snsfake: signing SNS messages needs the 'cryptography' package: pip install 'snsfake[signing]'"
)

# Fields covered by the signature, in AWS's fixed (alphabetical) order.
_NOTIFICATION_FIELDS: Final = ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
_CONFIRMATION_FIELDS: Final = (
    "Message",
    "MessageId",
    "SubscribeURL",
    "Timestamp",
    "Token",
    "TopicArn",
    "Type",
)
_FIELDS_BY_TYPE: Final = {
    "Notification": _NOTIFICATION_FIELDS,
    "SubscriptionConfirmation": _CONFIRMATION_FIELDS,
    "UnsubscribeConfirmation": _CONFIRMATION_FIELDS,
}


@functools.cache
def signing_certificate_pem() -> str:
    """The X.509 certificate (PEM) whose public key verifies every signature the fake makes."""
    with open(os.path.join(_DIR, "cert.pem"), encoding="ascii") as file:
        return file.read()


@functools.cache
def _certificate_id() -> str:
    """32 lower-case hex digits naming the certificate file, stable for the bundled cert."""
    return hashlib.md5(signing_certificate_pem().encode("ascii"), usedforsecurity=False).hexdigest()


def signing_cert_url(region: str, dns_suffix: str) -> str:
    """The ``SigningCertURL`` (Lambda: ``SigningCertUrl``) for a region, shaped like AWS's."""
    return f"https://sns.{region}.{dns_suffix}/SimpleNotificationService-{_certificate_id()}.pem"


def string_to_sign(fields: Mapping[str, str]) -> str:
    """AWS's canonical string: ``Name\\nValue\\n`` for each signed field present, in fixed order.

    The field set depends on ``fields["Type"]``. ``Subject`` is optional for notifications
    (absent or ``None`` means not signed); every other signed field is required.
    """
    kind = fields.get("Type")
    names = _FIELDS_BY_TYPE.get(kind) if isinstance(kind, str) else None
    if names is None:
        raise ValueError(
            f"snsfake: cannot sign a message of Type {kind!r}; expected one of {', '.join(_FIELDS_BY_TYPE)}"
        )
    parts: list[str] = []
    for name in names:
        value = fields.get(name)
        if value is None:
            if name == "Subject":
                continue
            raise ValueError(f"snsfake: cannot sign a {kind}: field {name!r} is missing")
        parts.append(f"{name}\n{value}\n")
    return "".join(parts)


def sign(fields: Mapping[str, str], signature_version: str) -> str:
    """Base64 RSA PKCS#1 v1.5 signature of :func:`string_to_sign`, SHA1 for "1", SHA256 for "2"."""
    if signature_version not in ("1", "2"):
        raise ValueError(f"snsfake: SignatureVersion must be '1' or '2', got {signature_version!r}")
    return _sign_text(string_to_sign(fields), signature_version)


@functools.cache
def signing_available() -> bool:
    """Whether signatures can be made here (the optional ``cryptography`` package imports)."""
    try:
        _crypto()
    except RuntimeError:
        return False
    return True


@functools.lru_cache(maxsize=32)
def _sign_text(text: str, signature_version: str) -> str:
    """The RSA operation, cached: every subscriber of one publish shares the same signature."""
    hashes, padding, _ = _crypto()
    algorithm = hashes.SHA1() if signature_version == "1" else hashes.SHA256()
    signature = _private_key().sign(text.encode("utf-8"), padding.PKCS1v15(), algorithm)
    return base64.b64encode(signature).decode("ascii")


@functools.cache
def _crypto() -> tuple[Any, Any, Any]:
    """Import ``cryptography`` on first use only (it costs ~40 ms and is an optional extra)."""
    try:
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import padding
    except ImportError as error:
        raise RuntimeError(_MISSING_CRYPTOGRAPHY) from error
    return hashes, padding, serialization


@functools.cache
def _private_key() -> Any:
    """The bundled RSA key, parsed once (validation skipped: the file is ours and fixed)."""
    _, _, serialization = _crypto()
    with open(os.path.join(_DIR, "key.pem"), "rb") as file:
        data = file.read()
    try:
        return serialization.load_pem_private_key(data, password=None, unsafe_skip_rsa_key_validation=True)
    except TypeError:  # cryptography < 39 has no unsafe_skip_rsa_key_validation
        return serialization.load_pem_private_key(data, password=None)


def _clear_caches() -> None:
    """Forget the loaded key and cached signatures (tests simulating a missing 'cryptography')."""
    _sign_text.cache_clear()
    signing_available.cache_clear()
    _crypto.cache_clear()
    _private_key.cache_clear()
