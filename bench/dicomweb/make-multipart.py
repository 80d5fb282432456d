#!/usr/bin/env python3
"""Writes STOW-RS request bodies for a folder of DICOM files: multipart/related; type="application/dicom", BATCH
instances per body (body-000.bin, body-001.bin, ...), the files in name order, and the boundary in boundary.txt.
The same bodies are posted to Handoff and to Orthanc, so both parse identical requests.

    make-multipart.py STUDY_FOLDER OUT_FOLDER BATCH
"""
import os
import sys

study, out, batch = sys.argv[1], sys.argv[2], int(sys.argv[3])
boundary = "handoff-bench-7f3c2a9e41d84b0c"
files = sorted(os.path.join(d, f) for d, _, names in os.walk(study) for f in names)
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "boundary.txt"), "w") as b:
    b.write(boundary)
for n, start in enumerate(range(0, len(files), batch)):
    with open(os.path.join(out, f"body-{n:03d}.bin"), "wb") as body:
        for path in files[start:start + batch]:
            body.write(f"--{boundary}\r\nContent-Type: application/dicom\r\n\r\n".encode())
            with open(path, "rb") as f:
                body.write(f.read())
            body.write(b"\r\n")
        body.write(f"--{boundary}--\r\n".encode())
print(len(files))
