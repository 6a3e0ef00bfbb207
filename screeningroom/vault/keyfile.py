"""Private keys at rest: a passphrase-encrypted file (Scrypt + AES-256-GCM), mode 0600.

Layout (``docs/formats/keyfile.md``)::

    magic "SRPKEY\\r\\n" | version u16 = 1 | log2(N) u8 | r u8 | p u8 | salt (16) |
    nonce (12) | length u32 | AES-256-GCM ciphertext of the key body (+16-byte tag)

The AES key is Scrypt(passphrase UTF-8, salt, N, r, p, 32 bytes); everything before the
ciphertext is the associated data, so no parameter can be changed unnoticed. The
plaintext is a field body (:mod:`.encoding`) whose fields the owner (authority, station)
defines. :data:`SCRYPT_DEFAULT` (N = 2^17, r = 8: about 0.4 s and 128 MiB) is used for new
files; the parameters used are stored in the file, so older files (N = 2^15) still open,
and :func:`open_key_file` writes them again at the current cost once they are unlocked.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from screeningroom.vault.encoding import MAGIC_KEYFILE, VERSION
from screeningroom.vault.errors import TamperedFile, wrong_passphrase
from screeningroom.vault.files import atomic_write
from screeningroom.vault.memory import protect_process
from screeningroom_resources.i18n import _

HEAD = struct.Struct(">8sHBBB16s12sI")


@dataclass(frozen=True)
class ScryptParams:
    log2_n: int = 17
    r: int = 8
    p: int = 1

    def weaker_than(self, other: ScryptParams) -> bool:
        return self.log2_n < other.log2_n or self.r < other.r or self.p < other.p


SCRYPT_DEFAULT = ScryptParams()


def _derive(passphrase: str, salt: bytes, params: ScryptParams) -> bytes:
    kdf = Scrypt(salt=salt, length=32, n=1 << params.log2_n, r=params.r, p=params.p)
    return kdf.derive(passphrase.encode("utf-8"))


def encrypt_key_body(
    body: bytes,
    passphrase: str,
    *,
    params: ScryptParams | None = None,
    salt: bytes | None = None,
    nonce: bytes | None = None,
) -> bytes:
    params = params or SCRYPT_DEFAULT
    salt = salt if salt is not None else os.urandom(16)
    nonce = nonce if nonce is not None else os.urandom(12)
    ct_len = len(body) + 16
    head = HEAD.pack(
        MAGIC_KEYFILE, VERSION, params.log2_n, params.r, params.p, salt, nonce, ct_len
    )
    key = _derive(passphrase, salt, params)
    return head + AESGCM(key).encrypt(nonce, body, head)


def check_layout(data: bytes, what: str) -> ScryptParams:
    """The Scrypt cost of a key file whose layout is sound (magic, version, parameters in
    range, exact length, room for the tag); TamperedFile otherwise. Its contents can only
    be checked with the passphrase."""
    damaged = TamperedFile(
        _("The key file of {what} is damaged; restore it from your backup.").format(what=what)
    )
    if len(data) < HEAD.size:
        raise damaged
    magic, version, log2_n, r, p, _salt, _nonce, ct_len = HEAD.unpack_from(data)
    if (
        magic != MAGIC_KEYFILE
        or version != VERSION
        or len(data) != HEAD.size + ct_len
        or ct_len < 16 + 1
        or not (10 <= log2_n <= 22 and 1 <= r <= 32 and 1 <= p <= 16)
    ):
        raise damaged
    return ScryptParams(log2_n, r, p)


def decrypt_key_body(data: bytes, passphrase: str, what: str) -> bytes:
    params = check_layout(data, what)
    _m, _v, _n, _r, _p, salt, nonce, _len = HEAD.unpack_from(data)
    key = _derive(passphrase, salt, params)
    protect_process()  # a private key is about to be in memory
    try:
        return AESGCM(key).decrypt(nonce, data[HEAD.size :], data[: HEAD.size])
    except InvalidTag:
        raise wrong_passphrase(what) from None


def write_key_file(path: Path, body: bytes, passphrase: str, params: ScryptParams | None = None):
    return atomic_write(path, encrypt_key_body(body, passphrase, params=params), mode=0o600)


def params_of(data: bytes) -> ScryptParams:
    """The Scrypt cost a key file was written with (layout not checked)."""
    _m, _v, log2_n, r, p, *_rest = HEAD.unpack_from(data)
    return ScryptParams(log2_n, r, p)


def open_key_file(path: Path, passphrase: str, what: str) -> bytes:
    """The key body of ``path``; a file written at a lower cost than
    :data:`SCRYPT_DEFAULT` is written again at that cost (same body, new salt and nonce)."""
    data = Path(path).read_bytes()
    body = decrypt_key_body(data, passphrase, what)
    if params_of(data).weaker_than(SCRYPT_DEFAULT):
        write_key_file(Path(path), body, passphrase, SCRYPT_DEFAULT)
    return body
