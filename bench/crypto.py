"""Signer and verifier speed next to OpenSSL, measured in the same run.

    .venv/bin/python bench/crypto.py [--seconds 3]

Prints our constant-time ``blind_sign`` (RSA-2048, CRT with GMP
``mpz_powm_sec``, base blinding, verify-before-return) next to
``openssl speed rsa2048`` sign/s, and PyNaCl Ed25519 verify next to
``openssl speed ed25519`` verify/s. Both references run single-process for
the same wall time as our loops. The issuer's target is blind_sign >= 0.3x
OpenSSL's sign rate; the exit status is 1 when it is missed.

OpenSSL picks its fastest code for the CPU (on AVX-512 IFMA machines a
vectorised RSA that computes both CRT halves at once); one more line runs it
with IFMA masked off, to show how much of the gap that accounts for.
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import gmpy2
import nacl.signing
from bench_support import openssl_speed

from casecrowd.crypto import keys, rsabssa

TARGET_RATIO = 0.3
# OPENSSL_ia32cap: clear CPUID.7.EBX bit 21 (AVX512IFMA) in the second capability word.
WITHOUT_IFMA = {"OPENSSL_ia32cap": ":~0x200000"}


def ops_per_second(operation: Callable, inputs: Sequence, seconds: float) -> float:
    count, start = 0, time.perf_counter()
    deadline = start + seconds
    while True:
        for item in inputs:
            operation(item)
        count += len(inputs)
        now = time.perf_counter()
        if now >= deadline:
            return count / (now - start)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def row(label: str, value: float, reference: float | None = None) -> str:
    ratio = f"   {value / reference:5.2f}x" if reference else ""
    return f"  {label:<52} {value:10.1f}{ratio}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=3)
    seconds = parser.parse_args().seconds
    if not shutil.which("openssl"):
        print("openssl is not on PATH; it is the reference", file=sys.stderr)
        return 2
    openssl_version = subprocess.run(
        ["openssl", "version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    print(f"{cpu_model()}, {os.cpu_count()} CPUs; {openssl_version}; {gmpy2.mp_version()}")
    print(f"each figure: one process, {seconds} s of wall time, ops/s (ratio to the reference)")

    key = keys.generate_issuer_key()
    blinded = [
        rsabssa.blind(key.public_key(), secrets.token_bytes(98), rsabssa.PSS_DETERMINISTIC)[0]
        for _ in range(64)
    ]
    openssl_sign = openssl_speed("rsa2048", "sign/s", seconds)
    ours_sign = ops_per_second(lambda m: rsabssa.blind_sign(key, m), blinded, seconds)
    openssl_sign_no_ifma = openssl_speed("rsa2048", "sign/s", seconds, WITHOUT_IFMA)

    signing_key = nacl.signing.SigningKey.generate()
    signed = [signing_key.sign(secrets.token_bytes(256)) for _ in range(64)]
    verify_key = signing_key.verify_key
    openssl_verify = openssl_speed("ed25519", "verify/s", seconds)
    ours_verify = ops_per_second(verify_key.verify, signed, seconds)

    print("RSA-2048 signing")
    print(row("openssl speed rsa2048 sign/s (reference)", openssl_sign))
    print(row("casecrowd blind_sign ops/s (constant-time CRT)", ours_sign, openssl_sign))
    print(row("openssl speed rsa2048 sign/s, AVX-512 IFMA masked", openssl_sign_no_ifma))
    print(row("casecrowd blind_sign vs that", ours_sign, openssl_sign_no_ifma))
    print("Ed25519 verification")
    print(row("openssl speed ed25519 verify/s (reference)", openssl_verify))
    print(row("casecrowd Ed25519 verify ops/s (PyNaCl)", ours_verify, openssl_verify))

    ratio = ours_sign / openssl_sign
    verdict = "meets" if ratio >= TARGET_RATIO else "MISSES"
    print(f"blind_sign at {ratio:.2f}x OpenSSL's sign rate {verdict} the {TARGET_RATIO}x target")
    return 0 if ratio >= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
