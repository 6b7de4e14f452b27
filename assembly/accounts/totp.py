"""Time-based one-time passwords (RFC 6238, on HOTP: RFC 4226) and single-use recovery codes.

Written here (about forty lines) rather than taken from a package: the algorithm is short and fixed,
and ``tests/security/test_totp.py`` checks it against the RFCs' own test vectors. Authenticator apps
(FreeOTP, Aegis, Google Authenticator...) use the defaults below: SHA-1, 6 digits, 30-second steps.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from urllib.parse import quote, urlencode

__all__ = [
    "DIGITS",
    "STEP_SECONDS",
    "hotp",
    "matching_step",
    "new_recovery_codes",
    "new_secret",
    "provisioning_uri",
    "recovery_code_hash",
    "totp",
]

# What every authenticator app supports (RFC 6238 §4 defaults; Google Authenticator ignores others).
DIGITS = 6
STEP_SECONDS = 30
# Codes one step early or late are accepted too (RFC 6238 §5.2: allow for clock drift and typing time).
DRIFT_STEPS = 1
# 160-bit secrets: the key length RFC 4226 §4 recommends for HMAC-SHA-1.
SECRET_BYTES = 20
# Ten recovery codes of 10 base32 characters (50 bits each): enough for a lost phone, too many to guess.
RECOVERY_CODES = 10
RECOVERY_CODE_CHARS = 10


def new_secret() -> str:
    """A random base32 secret (no padding), as authenticator apps expect it."""
    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii").rstrip("=")


def _key(secret: str) -> bytes:
    cleaned = secret.replace(" ", "").upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def hotp(key: bytes, counter: int, *, digits: int = DIGITS, digest: str = "sha1") -> str:
    """The HOTP value of ``counter`` (RFC 4226 §5.3: HMAC, dynamic truncation, modulo 10^digits)."""
    mac = hmac.new(key, counter.to_bytes(8, "big"), digest).digest()
    offset = mac[-1] & 0x0F
    binary = int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF
    return str(binary % 10**digits).zfill(digits)


def totp(
    key: bytes, *, at: float, digits: int = DIGITS, step: int = STEP_SECONDS, digest: str = "sha1"
) -> str:
    """The TOTP value at Unix time ``at`` (RFC 6238 §4: HOTP of the number of whole steps since 1970)."""
    return hotp(key, int(at // step), digits=digits, digest=digest)


def matching_step(secret: str, code: str, *, at: float | None = None, after_step: int = -1) -> int | None:
    """The time step whose code is ``code`` (within the allowed drift), or None.

    Steps up to ``after_step`` are refused, so a code that was already used cannot be replayed.
    """
    code = "".join(code.split())
    if len(code) != DIGITS or not code.isdigit():
        return None
    key = _key(secret)
    now_step = int((time.time() if at is None else at) // STEP_SECONDS)
    for step in range(now_step - DRIFT_STEPS, now_step + DRIFT_STEPS + 1):
        if step > after_step and hmac.compare_digest(hotp(key, step), code):
            return step
    return None


def provisioning_uri(secret: str, *, account: str, issuer: str) -> str:
    """The ``otpauth://`` link an authenticator app reads from the QR code (Key Uri Format)."""
    label = quote(f"{issuer}:{account}", safe=":@")
    query = urlencode({"secret": secret, "issuer": issuer, "digits": DIGITS, "period": STEP_SECONDS})
    return f"otpauth://totp/{label}?{query}"


def new_recovery_codes() -> list[str]:
    """Fresh recovery codes, shown once (only their hashes are stored), written as ``xxxxx-xxxxx``."""
    alphabet = "abcdefghijkmnpqrstuvwxyz23456789"  # no 0/o, 1/l: easy to copy by hand
    codes = []
    for _i in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(alphabet) for _j in range(RECOVERY_CODE_CHARS))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def recovery_code_hash(code: str) -> str:
    """The stored form of a recovery code: SHA-256 of the code without spaces, dashes or case."""
    normalised = "".join(ch for ch in code.lower() if ch.isalnum())
    return hashlib.sha256(normalised.encode()).hexdigest()
