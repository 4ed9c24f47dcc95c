#!/usr/bin/python3
"""Independent check of a NIfTI label map written by LSMS Viewer, with nibabel + numpy.

usage: check_nifti_nibabel.py LABELS.nii[.gz] EXPECTED.json

EXPECTED.json: {"size": [nx, ny, nz],
                "voxels": [[i, j, k, label, x, y, z], ...]}   (x, y, z: DICOM LPS mm)
lists every labelled voxel with the LPS position of its centre as LSMS computes
it. The file must hold exactly those labels, and both its qform and its sform
(each with a non-zero code) must map (i, j, k) to that position: NIfTI world
coordinates are RAS, so x and y are negated to compare. Prints "OK" and exits
0 when everything matches, else prints each mismatch and exits 1.
"""
import json
import sys

import nibabel as nib
import numpy as np

TOLERANCE_MM = 1e-3


def main():
    path, expected_path = sys.argv[1:3]
    with open(expected_path) as f:
        expected = json.load(f)
    img = nib.load(path)
    problems = []

    data = np.asanyarray(img.dataobj)
    if list(data.shape) != list(expected["size"]):
        problems.append("shape %s, expected %s" % (data.shape, expected["size"]))

    hdr = img.header
    affines = {}
    qform, qcode = img.get_qform(coded=True)
    sform, scode = img.get_sform(coded=True)
    if not qcode:
        problems.append("qform_code is 0 (no qform)")
    else:
        affines["qform"] = qform
    if not scode:
        problems.append("sform_code is 0 (no sform)")
    else:
        affines["sform"] = sform
    if problems:
        fail(problems)

    voxels = np.array(expected["voxels"], dtype=float).reshape(-1, 7)
    ijk = voxels[:, 0:3].astype(int)
    labels = voxels[:, 3].astype(int)
    lps = voxels[:, 4:7]

    # Labels: exactly the expected voxels, nothing else.
    got = data[ijk[:, 0], ijk[:, 1], ijk[:, 2]].astype(int)
    wrong = np.nonzero(got != labels)[0]
    for w in wrong[:10]:
        problems.append("voxel %s holds %d, expected %d" % (tuple(ijk[w]), got[w], labels[w]))
    if np.count_nonzero(data) != len(labels):
        problems.append("%d labelled voxels in the file, %d expected" % (np.count_nonzero(data), len(labels)))

    # Geometry: affine(ijk) in RAS, back to LPS, against LSMS's indexToWorld.
    homogeneous = np.c_[ijk.astype(float), np.ones(len(ijk))]
    for name, affine in affines.items():
        ras = homogeneous @ affine.T
        back = ras[:, 0:3] * np.array([-1.0, -1.0, 1.0])
        err = np.abs(back - lps).max(axis=1)
        bad = np.nonzero(err > TOLERANCE_MM)[0]
        for b in bad[:10]:
            problems.append("%s maps voxel %s to LPS %s, expected %s" % (name, tuple(ijk[b]), back[b], lps[b]))
        print("%s: max error %.2e mm over %d voxels (code %d)" % (name, err.max() if len(err) else 0.0, len(err),
                                                                 qcode if name == "qform" else scode))
    if problems:
        fail(problems)
    print("OK")


def fail(problems):
    for p in problems:
        print("MISMATCH:", p)
    sys.exit(1)


if __name__ == "__main__":
    main()
