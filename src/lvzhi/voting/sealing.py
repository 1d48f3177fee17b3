"""The sealing of secret ballots (R56): a key pair per election, its private half split among
three tellers (any two of them can count), ballots encrypted on arrival to the public half.

Pure functions, no database. See docs/voting.md for the design and what it trusts.

- Key: X25519 (``cryptography``). The private key (32 bytes) is never stored: it is split at
  generation with Shamir's scheme, threshold ``THRESHOLD`` of ``TELLERS``, over the prime field
  GF(2^521 - 1) (a Mersenne prime, larger than any 32-byte secret), and each teller is shown
  their share once. The server keeps the public key and a hash of each share.
- Ballot: the canonical ballot (compact JSON) padded with zero bytes to the poll's fixed
  length, sealed with a fresh ephemeral X25519 key, HKDF-SHA256 and AES-256-GCM. Every sealed
  ballot of a poll has the same length; it carries no voter, no time and no sequence.
- Tracker: the SHA-256 of the sealed ballot, shown once to the voter; the ballot box of
  trackers is published at the count.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PRIME = 2**521 - 1
TELLERS = 3
THRESHOLD = 2
SHARE_PREFIX = "LVZHI"
_INFO = b"lvzhi-ballot-v1"
_RAW = serialization.Encoding.Raw
_RAW_PUB = serialization.PublicFormat.Raw
_RAW_PRIV = serialization.PrivateFormat.Raw


class SealingError(Exception):
    """A share that does not fit, a key that does not match, a ballot that does not open."""


@dataclass(frozen=True)
class Share:
    index: int
    value: int

    def text(self) -> str:
        """What the teller keeps: prefix, index and the value in hex, in groups of eight."""
        digits = f"{self.value:0132x}"
        groups = " ".join(digits[i : i + 8] for i in range(0, len(digits), 8))
        return f"{SHARE_PREFIX}-{self.index} {groups}"


def share_hash(share: Share) -> str:
    return hashlib.sha256(f"{share.index}:{share.value:x}".encode()).hexdigest()


def parse_share(text: str) -> Share:
    """A share as typed or pasted by a teller: spaces and case do not matter."""
    compact = "".join((text or "").split()).upper()
    if not compact.startswith(SHARE_PREFIX + "-") or len(compact) < len(SHARE_PREFIX) + 3:
        raise SealingError("not a share")
    body = compact[len(SHARE_PREFIX) + 1 :]
    index_text, digits = body[0], body[1:]
    if not index_text.isdecimal() or not 1 <= int(index_text) <= TELLERS:
        raise SealingError("not a share")
    if len(digits) != 132 or any(ch not in "0123456789ABCDEF" for ch in digits):
        raise SealingError("not a share")
    value = int(digits, 16)
    if value >= PRIME:
        raise SealingError("not a share")
    return Share(int(index_text), value)


@dataclass(frozen=True)
class PollKeys:
    public: bytes
    shares: tuple[Share, ...]


def generate() -> PollKeys:
    """A new key pair; the private half leaves this function only as the tellers' shares."""
    private = X25519PrivateKey.generate()
    secret = int.from_bytes(private.private_bytes(_RAW, _RAW_PRIV, serialization.NoEncryption()))
    public = private.public_key().public_bytes(_RAW, _RAW_PUB)
    coefficients = [secret] + [secrets.randbelow(PRIME) for _ in range(THRESHOLD - 1)]
    shares = tuple(
        Share(x, sum(c * pow(x, k, PRIME) for k, c in enumerate(coefficients)) % PRIME)
        for x in range(1, TELLERS + 1)
    )
    del secret, private, coefficients
    return PollKeys(public=public, shares=shares)


def combine(shares: Iterable[Share], public: bytes) -> X25519PrivateKey:
    """The private key from ``THRESHOLD`` distinct shares (Lagrange at 0), checked against the
    poll's public key."""
    chosen: dict[int, int] = {}
    for s in shares:
        chosen.setdefault(s.index, s.value)
    if len(chosen) < THRESHOLD:
        raise SealingError("too few shares")
    points = list(chosen.items())[:THRESHOLD]
    secret = 0
    for i, (xi, yi) in enumerate(points):
        num, den = 1, 1
        for j, (xj, _yj) in enumerate(points):
            if i != j:
                num = num * (-xj) % PRIME
                den = den * (xi - xj) % PRIME
        secret = (secret + yi * num * pow(den, -1, PRIME)) % PRIME
    if secret >= 2**256:
        raise SealingError("the shares do not belong to this poll")
    key = X25519PrivateKey.from_private_bytes(secret.to_bytes(32))
    if not hmac.compare_digest(key.public_key().public_bytes(_RAW, _RAW_PUB), public):
        raise SealingError("the shares do not belong to this poll")
    return key


def _key(shared: bytes, ephemeral: bytes, public: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=None, info=_INFO + ephemeral + public).derive(shared)


def canonical(ballot: dict[str, Any]) -> bytes:
    return json.dumps(ballot, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def seal(public: bytes, ballot: bytes, length: int, context: bytes) -> bytes:
    """Encrypt a canonical ballot padded to ``length`` bytes; ``context`` (the poll) is bound
    as associated data, so a sealed ballot cannot be moved to another poll."""
    if len(ballot) > length or b"\x00" in ballot:
        raise SealingError("ballot too long")
    padded = ballot + b"\x00" * (length - len(ballot))
    ephemeral = X25519PrivateKey.generate()
    eph_public = ephemeral.public_key().public_bytes(_RAW, _RAW_PUB)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public))
    nonce = secrets.token_bytes(12)
    body = AESGCM(_key(shared, eph_public, public)).encrypt(nonce, padded, context)
    return eph_public + nonce + body


def open_sealed(private: X25519PrivateKey, sealed: bytes, context: bytes) -> bytes:
    public = private.public_key().public_bytes(_RAW, _RAW_PUB)
    eph_public, nonce, body = sealed[:32], sealed[32:44], sealed[44:]
    shared = private.exchange(X25519PublicKey.from_public_bytes(eph_public))
    try:
        padded = AESGCM(_key(shared, eph_public, public)).decrypt(nonce, body, context)
    except InvalidTag as exc:
        raise SealingError("a sealed ballot does not open") from exc
    return padded.rstrip(b"\x00")


def tracker(sealed: bytes) -> str:
    return hashlib.sha256(sealed).hexdigest()


def shuffled(items: Sequence[Any]) -> list[Any]:
    out = list(items)
    secrets.SystemRandom().shuffle(out)
    return out
