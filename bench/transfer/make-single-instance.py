#!/usr/bin/env python3
"""Write one valid DICOM Part 10 file whose pixel data is a single large OW element.

    make-single-instance.py OUT.dcm --pixel-bytes N [--seed S]

Used by `run.sh --memory` to compare the Handoff server's peak memory for a 1 GiB instance
(tomosynthesis-sized) against a 500 KB one. No pydicom: the file is written by hand in Explicit VR
Little Endian, elements in ascending tag order, and the pixel data is streamed in 1 MiB blocks so the
generator itself never holds more than one block. Every block is different (a seeded PRNG), so a
content-addressed store cannot deduplicate chunks and the server has to move every byte.

The image is a stack of 16-bit MONOCHROME2 frames: Rows x Columns x 2 bytes per frame, and
NumberOfFrames frames; N must be a multiple of 2 * Rows * Columns for the header to be consistent
(1 GiB = 512 frames of 1024 x 1024; 500 KB = 1 frame of 500 x 500).
"""
import argparse
import os
import random
import struct
import sys

EXPLICIT_LE = "1.2.840.10008.1.2.1"
# Multi-frame Grayscale Word Secondary Capture Image Storage: the simplest IOD with many 16-bit frames
# (a tomosynthesis or cine object of this size would carry the same pixel data element).
SOP_CLASS = "1.2.840.10008.5.1.4.1.1.7.3"
IMPLEMENTATION_CLASS = "2.25.10332334396583051787900202433159920421"
BLOCK = 1 << 20

# VRs whose explicit-VR header has a 2-byte reserved field and a 4-byte length.
LONG_VRS = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"}


def pad(vr: str, value: bytes) -> bytes:
    if len(value) % 2 == 0:
        return value
    return value + (b"\0" if vr in ("UI", "OB") else b" ")


def element(group: int, elem: int, vr: str, value: bytes) -> bytes:
    value = pad(vr, value)
    head = struct.pack("<HH", group, elem) + vr.encode("ascii")
    if vr in LONG_VRS:
        return head + b"\0\0" + struct.pack("<I", len(value)) + value
    return head + struct.pack("<H", len(value)) + value


def text(group: int, elem: int, vr: str, value: str) -> bytes:
    return element(group, elem, vr, value.encode("ascii"))


def us(group: int, elem: int, value: int) -> bytes:
    return element(group, elem, "US", struct.pack("<H", value))


def uid(rng: random.Random) -> str:
    return "2.25." + str(rng.getrandbits(127))


def frame_shape(pixel_bytes: int) -> tuple[int, int, int]:
    for side in (1024, 500, 512, 256):
        frame = side * side * 2
        if pixel_bytes % frame == 0:
            return side, side, pixel_bytes // frame
    sys.exit(f"--pixel-bytes {pixel_bytes} is not a whole number of 16-bit frames of 1024², 512², 500² or 256²")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--pixel-bytes", type=int, required=True)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    rows, columns, frames = frame_shape(args.pixel_bytes)
    rng = random.Random(args.seed)
    study, series, instance = uid(rng), uid(rng), uid(rng)

    meta_body = b"".join([
        element(0x0002, 0x0001, "OB", b"\0\1"),
        text(0x0002, 0x0002, "UI", SOP_CLASS),
        text(0x0002, 0x0003, "UI", instance),
        text(0x0002, 0x0010, "UI", EXPLICIT_LE),
        text(0x0002, 0x0012, "UI", IMPLEMENTATION_CLASS),
        text(0x0002, 0x0013, "SH", "HANDOFF_BENCH"),
    ])
    meta = element(0x0002, 0x0000, "UL", struct.pack("<I", len(meta_body))) + meta_body

    dataset = b"".join([
        text(0x0008, 0x0005, "CS", "ISO_IR 100"),
        text(0x0008, 0x0008, "CS", "ORIGINAL\\PRIMARY"),
        text(0x0008, 0x0016, "UI", SOP_CLASS),
        text(0x0008, 0x0018, "UI", instance),
        text(0x0008, 0x0020, "DA", "20261128"),
        text(0x0008, 0x0030, "TM", "120000"),
        text(0x0008, 0x0050, "SH", "SYNBENCH1"),
        text(0x0008, 0x0060, "CS", "OT"),
        text(0x0008, 0x0064, "CS", "WSD"),
        text(0x0008, 0x0090, "PN", ""),
        text(0x0008, 0x1030, "LO", "SYNTHETIC LARGE INSTANCE"),
        text(0x0010, 0x0010, "PN", "SYNTHETIC^LARGE"),
        text(0x0010, 0x0020, "LO", "SYNBIG0001"),
        text(0x0010, 0x0030, "DA", ""),
        text(0x0010, 0x0040, "CS", "O"),
        text(0x0018, 0x2001, "IS", "\\".join(str(i) for i in range(1, frames + 1))) if frames > 1 else b"",
        text(0x0020, 0x000D, "UI", study),
        text(0x0020, 0x000E, "UI", series),
        text(0x0020, 0x0010, "SH", "1"),
        text(0x0020, 0x0011, "IS", "1"),
        text(0x0020, 0x0013, "IS", "1"),
        text(0x0020, 0x0020, "CS", ""),
        us(0x0028, 0x0002, 1),
        text(0x0028, 0x0004, "CS", "MONOCHROME2"),
        text(0x0028, 0x0008, "IS", str(frames)),
        # Frame Increment Pointer (Type 1C, multi-frame only) -> Page Number Vector, one number per frame.
        element(0x0028, 0x0009, "AT", struct.pack("<HH", 0x0018, 0x2001)) if frames > 1 else b"",
        us(0x0028, 0x0010, rows),
        us(0x0028, 0x0011, columns),
        us(0x0028, 0x0100, 16),
        us(0x0028, 0x0101, 16),
        us(0x0028, 0x0102, 15),
        us(0x0028, 0x0103, 0),
        text(0x0028, 0x0301, "CS", "NO"),
        text(0x0028, 0x1050, "DS", "32768"),
        text(0x0028, 0x1051, "DS", "65536"),
        text(0x0028, 0x1052, "DS", "0"),
        text(0x0028, 0x1053, "DS", "1"),
        text(0x0028, 0x1054, "LO", "US"),
        text(0x2050, 0x0020, "CS", "IDENTITY"),
    ])
    pixel_header = struct.pack("<HH", 0x7FE0, 0x0010) + b"OW\0\0" + struct.pack("<I", args.pixel_bytes)

    tmp = args.out + ".part"
    with open(tmp, "wb") as f:
        f.write(b"\0" * 128 + b"DICM" + meta + dataset + pixel_header)
        left = args.pixel_bytes
        while left > 0:
            n = min(BLOCK, left)
            f.write(rng.randbytes(n))
            left -= n
    os.replace(tmp, args.out)


if __name__ == "__main__":
    main()
