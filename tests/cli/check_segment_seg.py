"""`lsms segment --out SEG.dcm` writes one DICOM-SEG segment per lesion it reports.

Runs the command with --json, then reads the SEG with pydicom and checks that
its segments are the reported lesions, in order, each with frames, marked as
unreviewed machine output. Usage: check_segment_seg.py LSMS SERIES_DIR OUT.dcm
"""
import json
import subprocess
import sys

import pydicom

lsms, series, out = sys.argv[1:4]
run = subprocess.run([lsms, "segment", series, "--prompt", "all lesions", "--out", out, "--json"],
                     capture_output=True, text=True, check=True)
answer = json.loads(run.stdout)
lesions = answer["lesions"]
if not lesions:
    sys.exit("the network found no lesion on the phantom: nothing to check")
if answer["seg"] != out:
    sys.exit(f"seg field {answer['seg']!r}, expected {out!r}")

ds = pydicom.dcmread(out)
segments = ds.SegmentSequence
if len(segments) != len(lesions):
    sys.exit(f"{len(segments)} SEG segments for {len(lesions)} lesions")
frames = {}
for f in ds.PerFrameFunctionalGroupsSequence:
    n = int(f.SegmentIdentificationSequence[0].ReferencedSegmentNumber)
    frames[n] = frames.get(n, 0) + 1
names = [l["name"] for l in lesions]
if len(lesions) > 1 and any(not n.startswith("all lesions - lesion ") for n in names):
    sys.exit(f"lesion names {names}")
for s, lesion in zip(segments, lesions):
    if s.SegmentLabel != lesion["name"][:64]:
        sys.exit(f"segment {s.SegmentNumber} label {s.SegmentLabel!r}, lesion {lesion['name']!r}")
    if int(s.SegmentNumber) != lesion["segment_number"]:
        sys.exit(f"segment number {s.SegmentNumber} for lesion {lesion['segment_number']}")
    if not str(s.SegmentDescription).startswith("NOT REVIEWED"):
        sys.exit(f"segment {s.SegmentNumber} description {s.SegmentDescription!r}")
    if frames.get(int(s.SegmentNumber), 0) == 0:
        sys.exit(f"segment {s.SegmentNumber} has no frame")
    if not lesion["volume_ml"] > 0 or not lesion["long_axis_mm"] > 0:
        sys.exit(f"lesion {lesion}")
print(f"{len(lesions)} lesion(s) as {len(segments)} SEG segment(s): ok")
