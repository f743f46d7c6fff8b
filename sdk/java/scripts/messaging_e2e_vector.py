#!/usr/bin/env python3
"""Independent reference for docs/spec/messaging-e2e.md: recomputes the cross-SDK test vector
with Python's standard library (PBKDF2, HMAC) and the `cryptography` package (Ed25519, X25519,
ChaCha20-Poly1305), sharing no code with the Java or TypeScript SDKs.

  python3 sdk/java/scripts/messaging_e2e_vector.py > docs/spec/messaging-e2e-vector.json

The Java test MessagingE2eVectorTest checks the SDK against the file this prints."""
import hashlib
import hmac
import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives import serialization

RAW = serialization.Encoding.Raw


def hkdf(salt, ikm, info, length):
    prk = hmac.new(salt or b"\0" * 32, ikm, hashlib.sha256).digest()
    t, okm, i = b"", b"", 1
    while len(okm) < length:
        t = hmac.new(prk, t + info + bytes([i]), hashlib.sha256).digest()
        okm += t
        i += 1
    return okm[:length]


def clamp(k):
    k = bytearray(k)
    k[0] &= 248
    k[31] &= 127
    k[31] |= 64
    return bytes(k)


def x25519(k, u):
    return X25519PrivateKey.from_private_bytes(k).exchange(X25519PublicKey.from_public_bytes(u))


def x25519_public(k):
    return X25519PrivateKey.from_private_bytes(k).public_key().public_bytes(RAW, serialization.PublicFormat.Raw)


def slip10_ed25519(seed, path):
    i = hmac.new(b"ed25519 seed", seed, hashlib.sha512).digest()
    key, chain = i[:32], i[32:]
    for index in path:
        data = b"\0" + key + (index | 0x80000000).to_bytes(4, "big")
        i = hmac.new(chain, data, hashlib.sha512).digest()
        key, chain = i[:32], i[32:]
    return key


CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def bech32(hrp, data8):
    acc, bits, data5 = 0, 0, []
    for b in data8:
        acc = (acc << 8) | b
        bits += 8
        while bits >= 5:
            bits -= 5
            data5.append((acc >> bits) & 31)
    if bits:
        data5.append((acc << (5 - bits)) & 31)

    def polymod(values):
        gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
        chk = 1
        for v in values:
            top = chk >> 25
            chk = (chk & 0x1FFFFFF) << 5 ^ v
            for j in range(5):
                chk ^= gen[j] if ((top >> j) & 1) else 0
        return chk

    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    pm = polymod(expanded + data5 + [0] * 6) ^ 1
    checksum = [(pm >> 5 * (5 - j)) & 31 for j in range(6)]
    return hrp + "1" + "".join(CHARSET[d] for d in data5 + checksum)


def account(mnemonic):
    seed = hashlib.pbkdf2_hmac("sha512", mnemonic.encode(), b"mnemonic", 2048)
    signing = slip10_ed25519(seed, [44, 9000, 0, 0, 0])
    pub = Ed25519PrivateKey.from_private_bytes(signing).public_key().public_bytes(RAW, serialization.PublicFormat.Raw)
    addr = hashlib.sha256(b"ed25519\0" + pub).digest()[:20]
    identity_private = clamp(hkdf(b"ed25519", signing, b"lattice-x25519-identity-v1", 32))
    return {
        "mnemonic": mnemonic,
        "ed25519_private_key": signing.hex(),
        "ed25519_public_key": pub.hex(),
        "address_bytes": addr.hex(),
        "address": bech32("lat", addr),
        "identity_private_key": identity_private.hex(),
        "identity_public_key": x25519_public(identity_private).hex(),
    }


alice = account(" ".join(["abandon"] * 23 + ["art"]))
bob = account(" ".join(["zoo"] * 23 + ["vote"]))
nonce = bytes(range(12))
plaintext = "hello bob, this is alice \u2709".encode()
a_s, a_r = bytes.fromhex(alice["address_bytes"]), bytes.fromhex(bob["address_bytes"])
recipient_key = bytes.fromhex(bob["identity_public_key"])
e = clamp(hkdf(nonce, bytes.fromhex(alice["identity_private_key"]), b"lattice-dm-v1-ephemeral" + a_s + a_r, 32))
E = x25519_public(e)
Z = x25519(e, recipient_key)
assert Z == x25519(bytes.fromhex(bob["identity_private_key"]), E)
K = hkdf(E + recipient_key, Z, b"lattice-dm-v1-key", 32)
aad = b"lattice-dm-v1" + a_s + a_r + E
ciphertext = ChaCha20Poly1305(K).encrypt(nonce, plaintext, aad)
print(json.dumps({
    "scheme": "lattice-dm-v1",
    "sender": alice,
    "recipient": bob,
    "nonce": nonce.hex(),
    "plaintext": plaintext.hex(),
    "ephemeral_private_key": e.hex(),
    "ephemeral_key": E.hex(),
    "shared_secret": Z.hex(),
    "message_key": K.hex(),
    "aad": aad.hex(),
    "ciphertext": ciphertext.hex(),
}, indent=2))
