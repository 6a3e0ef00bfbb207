"""Private keys at rest: a passphrase-encrypted file (Scrypt + AES-256-GCM), mode 0600.

Layout (``docs/formats/keyfile.md``)::

    magic "SRPKEY\\r\\n" | version u16 = 1 | log2(N) u8 | r u8 | p u8 | salt (16) |
    nonce (12) | length u32 | AES-256-GCM ciphertext of the key body (+16-byte tag)

The AES key is Scrypt(passphrase UTF-8, salt, N, r, p, 32 bytes); everything before the
ciphertext is the associated data, so no parameter can be changed unnoticed. The
plaintext is a field body (:mod:`.encoding`) whose fields the owner (authority, station)
defines. :data:`SCRYPT_DEFAULT` costs about 0.1 s and 32 MiB; the parameters used are
stored in the file, so tests may pass cheaper ones.
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
from screeningroom_resources.i18n import _

HEAD = struct.Struct(">8sHBBB16s12sI")


@dataclass(frozen=True)
class ScryptParams:
    log2_n: int = 15
    r: int = 8
    p: int = 1


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


def decrypt_key_body(data: bytes, passphrase: str, what: str) -> bytes:
    damaged = TamperedFile(
        _("The key file of {what} is damaged; restore it from your backup.").format(what=what)
    )
    if len(data) < HEAD.size:
        raise damaged
    magic, version, log2_n, r, p, salt, nonce, ct_len = HEAD.unpack_from(data)
    if (
        magic != MAGIC_KEYFILE
        or version != VERSION
        or len(data) != HEAD.size + ct_len
        or not (10 <= log2_n <= 22 and 1 <= r <= 32 and 1 <= p <= 16)
    ):
        raise damaged
    key = _derive(passphrase, salt, ScryptParams(log2_n, r, p))
    try:
        return AESGCM(key).decrypt(nonce, data[HEAD.size :], data[: HEAD.size])
    except InvalidTag:
        raise wrong_passphrase(what) from None


def write_key_file(path: Path, body: bytes, passphrase: str, params: ScryptParams | None = None):
    return atomic_write(path, encrypt_key_body(body, passphrase, params=params), mode=0o600)
