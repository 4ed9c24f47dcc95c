#!/usr/bin/python3
"""Independent check of a DICOM-SEG written by LSMS Viewer, with pydicom + numpy.

usage: check_seg_pydicom.py SEG.dcm SERIES_DIR EXPECTED.json

Reads the source series (every DICOM file in SERIES_DIR), places each SEG frame
on it by its Plane Position (never by frame order), and compares the voxels
set per segment with EXPECTED.json: {"segments": {"1": count, "2": count, ...}}.
Also checks the frame of reference, the referenced series and each frame's
source image. Prints "OK" and exits 0 when everything matches, else prints
each mismatch and exits 1.
"""
import json
import os
import sys

import numpy as np
import pydicom


def fail(problems):
    for p in problems:
        print("MISMATCH:", p)
    sys.exit(1)


def main():
    seg_path, series_dir, expected_path = sys.argv[1:4]
    seg = pydicom.dcmread(seg_path)
    with open(expected_path) as f:
        expected = {int(k): int(v) for k, v in json.load(f)["segments"].items()}
    problems = []

    if seg.SOPClassUID != "1.2.840.10008.5.1.4.1.1.66.4":
        fail(["not a Segmentation SOP class: %s" % seg.SOPClassUID])

    # Source series: position along the normal -> (index, SOP instance UID).
    slices = []
    for name in sorted(os.listdir(series_dir)):
        path = os.path.join(series_dir, name)
        if not os.path.isfile(path):
            continue
        try:
            ds = pydicom.dcmread(path, stop_before_pixels=True)
        except Exception:
            continue
        if "ImagePositionPatient" not in ds:
            continue
        slices.append(ds)
    if not slices:
        fail(["no source images in %s" % series_dir])
    iop = np.array([float(v) for v in slices[0].ImageOrientationPatient])
    row, col = iop[:3], iop[3:]
    normal = np.cross(row, col)
    slices.sort(key=lambda ds: float(np.dot(normal, [float(v) for v in ds.ImagePositionPatient])))
    positions = np.array([[float(v) for v in ds.ImagePositionPatient] for ds in slices])
    rows, cols = int(slices[0].Rows), int(slices[0].Columns)

    if seg.FrameOfReferenceUID != slices[0].FrameOfReferenceUID:
        problems.append("frame of reference %s != series %s" % (seg.FrameOfReferenceUID, slices[0].FrameOfReferenceUID))
    ref_series = seg.ReferencedSeriesSequence[0].SeriesInstanceUID
    if ref_series != slices[0].SeriesInstanceUID:
        problems.append("referenced series %s != %s" % (ref_series, slices[0].SeriesInstanceUID))
    if seg.StudyInstanceUID != slices[0].StudyInstanceUID:
        problems.append("study UID differs from the source's")
    if seg.PatientID != slices[0].PatientID:
        problems.append("patient ID differs from the source's")
    if int(seg.Rows) != rows or int(seg.Columns) != cols:
        problems.append("frame size %sx%s != series %sx%s" % (seg.Columns, seg.Rows, cols, rows))

    shared = seg.SharedFunctionalGroupsSequence[0]
    seg_iop = np.array([float(v) for v in shared.PlaneOrientationSequence[0].ImageOrientationPatient])
    if np.abs(seg_iop - iop).max() > 1e-4:
        problems.append("orientation %s != series %s" % (seg_iop, iop))

    pixels = seg.pixel_array
    n_frames = int(seg.NumberOfFrames)
    if n_frames == 1 and pixels.ndim == 2:
        pixels = pixels[np.newaxis]
    if pixels.shape != (n_frames, rows, cols):
        fail(problems + ["pixel array shape %s, expected %s" % (pixels.shape, (n_frames, rows, cols))])

    volumes = {}
    for f, item in enumerate(seg.PerFrameFunctionalGroupsSequence):
        pos = np.array([float(v) for v in item.PlanePositionSequence[0].ImagePositionPatient])
        dist = np.linalg.norm(positions - pos, axis=1)
        k = int(np.argmin(dist))
        if dist[k] > 1e-2:
            problems.append("frame %d at %s is on no slice of the series" % (f + 1, pos))
            continue
        number = int(item.SegmentIdentificationSequence[0].ReferencedSegmentNumber)
        src = item.DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPInstanceUID
        if src != slices[k].SOPInstanceUID:
            problems.append("frame %d: source image %s is not the slice at its position (%s)" % (f + 1, src, slices[k].SOPInstanceUID))
        vol = volumes.setdefault(number, np.zeros((len(slices), rows, cols), dtype=bool))
        vol[k] |= pixels[f] > 0

    numbers = [int(s.SegmentNumber) for s in seg.SegmentSequence]
    for number in numbers:
        got = int(volumes[number].sum()) if number in volumes else 0
        want = expected.get(number)
        if want is None:
            problems.append("segment %d is not in the expected counts" % number)
        elif got != want:
            problems.append("segment %d: %d voxels placed, expected %d" % (number, got, want))
    for number in expected:
        if number not in numbers:
            problems.append("segment %d is missing from the SEG" % number)

    if problems:
        fail(problems)
    print("OK", json.dumps({str(k): int(v.sum()) for k, v in sorted(volumes.items())}))


if __name__ == "__main__":
    main()
