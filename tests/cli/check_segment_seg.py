"""`lsms segment --out SEG.dcm --out-sr SR.dcm --out-csv T.csv` writes one
DICOM-SEG segment per lesion it reports, and their measurements.

Runs the command with --json, then reads the SEG with pydicom and checks that
its segments are the reported lesions, in order, each with frames, marked as
unreviewed machine output; that the SR (valid to dciodvfy) has one measurement
group per lesion referencing that SEG's segment with its volume; and that the
CSV has one row per lesion, located against the liver the liver pass found
(as the JSON says), with the tumour burden reported. Usage: check_segment_seg.py LSMS SERIES_DIR OUT.dcm
"""
import csv
import json
import subprocess
import sys

import pydicom

lsms, series, out = sys.argv[1:4]
sr_path, csv_path = out + ".sr.dcm", out + ".csv"
run = subprocess.run([lsms, "segment", series, "--prompt", "all lesions", "--out", out, "--out-sr", sr_path,
                      "--out-csv", csv_path, "--json"], capture_output=True, text=True, check=True)
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

def walk(items):
    for item in items:
        yield item
        yield from walk(getattr(item, "ContentSequence", []))


sr = pydicom.dcmread(sr_path)
groups = [i for i in walk(sr.ContentSequence)
          if i.ValueType == "CONTAINER" and i.ConceptNameCodeSequence[0].CodeValue == "125007"]
if len(groups) != len(lesions):
    sys.exit(f"{len(groups)} measurement groups for {len(lesions)} lesions")
for group, lesion in zip(groups, lesions):
    items = list(walk(group.ContentSequence))
    refs = [i for i in items if i.ValueType == "IMAGE"]
    if len(refs) != 1:
        sys.exit("a measurement group without exactly one referenced segment")
    ref = refs[0].ReferencedSOPSequence[0]
    if ref.ReferencedSOPInstanceUID != ds.SOPInstanceUID or int(ref.ReferencedSegmentNumber) != lesion["segment_number"]:
        sys.exit(f"group for {lesion['name']!r} references {ref.ReferencedSOPInstanceUID} segment {ref.ReferencedSegmentNumber}")
    volumes = [i for i in items if i.ValueType == "NUM" and i.ConceptNameCodeSequence[0].CodeValue == "118565006"]
    if len(volumes) != 1 or abs(float(volumes[0].MeasuredValueSequence[0].NumericValue) - lesion["volume_ml"]) > 1e-3:
        sys.exit(f"volume of {lesion['name']!r} in the SR")
check = subprocess.run(["dciodvfy", sr_path], capture_output=True, text=True)
errors = [l for l in (check.stdout + check.stderr).splitlines() if l.startswith("Error")]
if errors:
    sys.exit("dciodvfy: " + "; ".join(errors))
with open(csv_path, newline="", encoding="utf-8") as f:
    table = list(csv.DictReader(f))
if [r["name"] for r in table] != names:
    sys.exit(f"CSV names {[r['name'] for r in table]}")
# The phantom's liver is found, every lesion placed against it, the same in CSV and JSON.
if not answer["liver_ml"] > 500:
    sys.exit(f"liver {answer['liver_ml']} mL: the liver pass found no liver on the phantom")
if not 0 < answer["tumour_burden_percent"] < 100:
    sys.exit(f"tumour burden {answer['tumour_burden_percent']} %")
if [r["location"] for r in table] != [l["location"] for l in lesions]:
    sys.exit(f"CSV locations {[r['location'] for r in table]}, JSON {[l['location'] for l in lesions]}")
if not all(r["location"] in ("liver", "liver edge", "outside liver") for r in table):
    sys.exit(f"locations {[r['location'] for r in table]}")
print(f"{len(lesions)} lesion(s) as {len(segments)} SEG segment(s) and {len(groups)} SR group(s), "
      f"liver {answer['liver_ml']:.0f} mL, burden {answer['tumour_burden_percent']:.1f} %: ok")
