"""One-time passwords (assembly.accounts.totp) against the RFCs' own test vectors (issue 5, item 11)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from assembly.accounts import totp

# RFC 4226 appendix D: HOTP of the ASCII secret "12345678901234567890", counters 0 to 9.
RFC4226_SECRET = b"12345678901234567890"
RFC4226_VALUES = [
    "755224",
    "287082",
    "359152",
    "969429",
    "338314",
    "254676",
    "287922",
    "162583",
    "399871",
    "520489",
]

# RFC 6238 appendix B: 8-digit TOTP, 30-second steps, one secret per hash function.
RFC6238_SECRETS = {
    "sha1": b"12345678901234567890",
    "sha256": b"12345678901234567890123456789012",
    "sha512": b"1234567890123456789012345678901234567890123456789012345678901234",
}
RFC6238_VECTORS = [
    (59, "sha1", "94287082"),
    (59, "sha256", "46119246"),
    (59, "sha512", "90693936"),
    (1111111109, "sha1", "07081804"),
    (1111111109, "sha256", "68084774"),
    (1111111109, "sha512", "25091201"),
    (1111111111, "sha1", "14050471"),
    (1111111111, "sha256", "67062674"),
    (1111111111, "sha512", "99943326"),
    (1234567890, "sha1", "89005924"),
    (1234567890, "sha256", "91819424"),
    (1234567890, "sha512", "93441116"),
    (2000000000, "sha1", "69279037"),
    (2000000000, "sha256", "90698825"),
    (2000000000, "sha512", "38618901"),
    (20000000000, "sha1", "65353130"),
    (20000000000, "sha256", "77737706"),
    (20000000000, "sha512", "47863826"),
]


@pytest.mark.parametrize("counter", range(10))
def test_hotp_matches_rfc4226(counter):
    """Check that HOTP gives RFC 4226's appendix D values for counters 0 to 9."""
    assert totp.hotp(RFC4226_SECRET, counter) == RFC4226_VALUES[counter]


@pytest.mark.parametrize(("at", "digest", "expected"), RFC6238_VECTORS)
def test_totp_matches_rfc6238(at, digest, expected):
    """Check that TOTP gives RFC 6238's appendix B values (SHA-1, SHA-256, SHA-512; 8 digits)."""
    assert totp.totp(RFC6238_SECRETS[digest], at=at, digits=8, digest=digest) == expected


def _base32(raw: bytes) -> str:
    import base64

    return base64.b32encode(raw).decode().rstrip("=")


def test_a_code_is_accepted_one_step_early_or_late_and_not_further():
    """Check that the 6-digit code of 59 s (step 1, "287082") matches at steps 0 to 2 only."""
    secret = _base32(RFC4226_SECRET)
    code = RFC4226_VALUES[1]
    assert totp.matching_step(secret, code, at=59) == 1
    assert totp.matching_step(secret, code, at=15) == 1  # step 0: one step early
    assert totp.matching_step(secret, code, at=75) == 1  # step 2: one step late
    assert totp.matching_step(secret, code, at=95) is None  # step 3
    assert totp.matching_step(secret, " 287 082 ", at=59) == 1  # spaces as apps print them


def test_a_used_step_is_refused():
    """Check that a code whose step is not after the last accepted one is refused (no replay)."""
    secret = _base32(RFC4226_SECRET)
    assert totp.matching_step(secret, RFC4226_VALUES[1], at=59, after_step=1) is None
    assert totp.matching_step(secret, RFC4226_VALUES[2], at=59, after_step=1) == 2


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "28708x"])
def test_malformed_codes_match_nothing(code):
    """Check that anything but 6 digits is refused before any comparison."""
    assert totp.matching_step(_base32(RFC4226_SECRET), code, at=59) is None


def test_new_secrets_are_160_bit_base32():
    """Check that secrets are 32 base32 characters (20 random bytes) and differ each time."""
    secrets = {totp.new_secret() for _ in range(20)}
    assert len(secrets) == 20
    assert all(len(s) == 32 and set(s) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for s in secrets)


def test_provisioning_uri_follows_the_key_uri_format():
    """Check the otpauth:// link: totp type, issuer:account label, secret, issuer, 6 digits, 30 s."""
    uri = urlparse(totp.provisioning_uri("JBSWY3DPEHPK3PXP", account="ana@museum", issuer="Assembly"))
    assert (uri.scheme, uri.netloc, uri.path) == ("otpauth", "totp", "/Assembly:ana@museum")
    assert parse_qs(uri.query) == {
        "secret": ["JBSWY3DPEHPK3PXP"],
        "issuer": ["Assembly"],
        "digits": ["6"],
        "period": ["30"],
    }


def test_recovery_codes_are_distinct_and_hash_without_formatting():
    """Check ten distinct xxxxx-xxxxx codes, whose hash ignores case, spaces and the dash."""
    codes = totp.new_recovery_codes()
    assert len(set(codes)) == 10
    assert all(len(c) == 11 and c[5] == "-" for c in codes)
    code = codes[0]
    assert totp.recovery_code_hash(code) == totp.recovery_code_hash(code.upper().replace("-", " "))
    assert totp.recovery_code_hash(code) != totp.recovery_code_hash(codes[1])
