"""Sharing a case de-identified from the command line: `lsms segment --out SEG
--out-sr SR --deidentify-key K` and `lsms deidentify SERIES --out DIR --key K`.

Checks with pydicom that no object keeps the patient's name, ID or the
original study, series or instance UIDs, that each says it is de-identified,
that the SEG references exactly the de-identified CT's images and the SR the
SEG, and that a second `lsms deidentify` into the same folder is refused.
Usage: check_deidentified_share.py LSMS SERIES_DIR WORK_DIR
"""
import os
import shutil
import subprocess
import sys

import pydicom

lsms, series, work = sys.argv[1:4]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
seg, sr, ct = os.path.join(work, "seg.dcm"), os.path.join(work, "sr.dcm"), os.path.join(work, "ct")
key = "the sharer's secret"
subprocess.run([lsms, "segment", series, "--prompt", "all lesions", "--out", seg, "--out-sr", sr,
                "--deidentify-key", key], capture_output=True, text=True, check=True)
run = subprocess.run([lsms, "deidentify", series, "--out", ct, "--key", key], capture_output=True, text=True, check=True)
if "de-identified" not in run.stdout:
    sys.exit("lsms deidentify said: " + run.stdout)

originals = [pydicom.dcmread(os.path.join(series, f)) for f in sorted(os.listdir(series)) if f.endswith(".dcm")]
secret = {str(originals[0].PatientName), str(originals[0].PatientID), originals[0].StudyInstanceUID,
          originals[0].SeriesInstanceUID, originals[0].FrameOfReferenceUID} | {o.SOPInstanceUID for o in originals}

def values(ds):
    for elem in ds.iterall():
        if elem.VR != "SQ" and elem.value is not None and not isinstance(elem.value, bytes):
            yield str(elem.value)

shared = [pydicom.dcmread(os.path.join(ct, f)) for f in sorted(os.listdir(ct))]
for name, ds in [("seg", pydicom.dcmread(seg)), ("sr", pydicom.dcmread(sr))] + [("ct", d) for d in shared]:
    left = secret & set(values(ds))
    if left:
        sys.exit(f"{name} keeps identifying values {sorted(left)}")
    if str(ds.PatientName) != "ANONYMOUS" or ds.PatientIdentityRemoved != "YES":
        sys.exit(f"{name}: patient name {ds.PatientName!r}, identity removed {ds.get('PatientIdentityRemoved')!r}")

segds, srds = pydicom.dcmread(seg), pydicom.dcmread(sr)
ct_uids = {d.SOPInstanceUID for d in shared}
refs = {ref.ReferencedSOPInstanceUID
        for frame in segds.PerFrameFunctionalGroupsSequence
        for derivation in frame.DerivationImageSequence for ref in derivation.SourceImageSequence}
if not refs or not refs <= ct_uids:
    sys.exit(f"the SEG references {len(refs - ct_uids)} image(s) the shared CT does not hold")
if segds.StudyInstanceUID != shared[0].StudyInstanceUID or segds.FrameOfReferenceUID != shared[0].FrameOfReferenceUID:
    sys.exit("the SEG is not in the shared CT's study and frame of reference")
sr_refs = {elem.value for elem in srds.iterall() if elem.keyword == "ReferencedSOPInstanceUID"}
if segds.SOPInstanceUID not in sr_refs:
    sys.exit("the SR does not reference the shared SEG")

again = subprocess.run([lsms, "deidentify", series, "--out", ct, "--key", key], capture_output=True, text=True)
if again.returncode == 0 or "is not empty" not in again.stderr:
    sys.exit("a second lsms deidentify into the same folder was not refused: " + again.stderr)
print(f"{len(shared)} CT image(s), SEG ({len(refs)} referenced) and SR de-identified under one key: ok")
