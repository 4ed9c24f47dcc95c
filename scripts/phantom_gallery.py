#!/usr/bin/python3
"""Gallery and realism measurements of generation-2 phantoms, from `lsms phantom` output.

  phantom_gallery.py gallery --lsms build/app/lsms --out docs/phantoms SEED:PHASE ...
      axial + coronal PNG per study (window W400/L40), through the phantom's liver reference point
  phantom_gallery.py measure --lsms build/app/lsms [--noise] SEED:PHASE ... [-- extra lsms phantom options]
      per study: mean and SD of HU in the reference-point ROIs (truth.json); with --noise also the
      noise SD and noise-power-spectrum peak (the study minus the same study rendered with --noise 0)

Needs /usr/bin/python3 with pydicom and numpy. Phantoms are synthetic, not patient data.
"""
import argparse
import json
import os
import struct
import subprocess
import sys
import tempfile
import zlib

import numpy as np
import pydicom


def write_png(path, gray):
    """8-bit greyscale PNG, no dependency beyond zlib."""
    h, w = gray.shape
    raw = b"".join(b"\x00" + gray[r].astype(np.uint8).tobytes() for r in range(h))

    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(chunk(b"IEND", b""))


def load_study(folder):
    files = [os.path.join(folder, "dicom", f) for f in os.listdir(os.path.join(folder, "dicom"))]
    ds = [pydicom.dcmread(f) for f in files]
    ds.sort(key=lambda d: float(d.ImagePositionPatient[2]))
    vol = np.stack([d.pixel_array.astype(np.float32) * float(d.RescaleSlope) + float(d.RescaleIntercept) for d in ds])
    first = ds[0]
    origin = np.array([float(v) for v in first.ImagePositionPatient])
    row_mm, col_mm = (float(v) for v in first.PixelSpacing)
    dz = float(ds[1].ImagePositionPatient[2]) - origin[2] if len(ds) > 1 else float(first.SliceThickness)
    with open(os.path.join(folder, "truth.json")) as f:
        truth = json.load(f)
    return vol, origin, (col_mm, row_mm, dz), truth


def render(lsms, seed, phase, out, extra):
    cmd = [lsms, "phantom", "--seed", str(seed), "--phantom-version", "2", "--out", out] + extra
    if phase:
        cmd += ["--phase", phase]
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip()


def parse_cases(items):
    cases = []
    for it in items:
        seed, _, phase = it.partition(":")
        cases.append((int(seed), phase or None))
    return cases


def window(img, level=40, width=400):
    return np.clip((img - (level - width / 2)) / width * 255, 0, 255)


def ref_point(truth, name):
    for r in truth.get("reference_points", []):
        if r["name"] == name:
            return r
    return None


def gallery(args):
    os.makedirs(args.out, exist_ok=True)
    for seed, phase in parse_cases(args.cases):
        with tempfile.TemporaryDirectory() as tmp:
            study = os.path.join(tmp, "s")
            print(render(args.lsms, seed, phase, study, args.extra))
            vol, origin, (dx, dy, dz), truth = load_study(study)
            drawn = truth["drawn"]["values"]
            ref = ref_point(truth, "liver") or {"centre_lps_mm": [origin[0] + dx * vol.shape[2] / 2, 0, 0]}
            c = ref["centre_lps_mm"]
            # Through the largest lesion when there is one, else through the liver's reference point.
            if truth["lesions"]:
                c = max(truth["lesions"], key=lambda l: l["volume_ml"])["centre_lps_mm"]
            k = int(np.clip(round((c[2] - origin[2]) / dz), 0, vol.shape[0] - 1))
            j = int(np.clip(round((c[1] - origin[1]) / dy), 0, vol.shape[1] - 1))
            axial = window(vol[k])
            coronal = vol[:, j, :][::-1]  # superior up
            rep = max(1, int(round(dz / dx)))
            coronal = window(np.repeat(coronal, rep, axis=0))
            # Grids over 300 pixels are halved: it keeps the repository small.
            if axial.shape[1] > 300:
                axial = axial[::2, ::2]
                coronal = coronal[::2, ::2]
            h = max(axial.shape[0], coronal.shape[0])
            canvas = np.zeros((h, axial.shape[1] + 8 + coronal.shape[1]))
            canvas[: axial.shape[0], : axial.shape[1]] = axial
            canvas[: coronal.shape[0], axial.shape[1] + 8:] = coronal
            name = f"seed{seed}-{drawn['phase']}.png"
            write_png(os.path.join(args.out, name), canvas)
            print(json.dumps({"png": name, "seed": seed, "phase": drawn["phase"], "liver_state": drawn["liver.state"],
                              "lesions": [(l["kind"], round(l["longest_axial_diameter_mm"], 1)) for l in truth["lesions"]],
                              "pixel_mm": round(dx, 3), "slice_mm": dz, "noise_sd_hu": round(drawn["noise.sigma_hu"], 1),
                              "arms_down": drawn["body.arms_down"], "metal": drawn["artefact.metal_clip"],
                              "axial_z_mm": round(origin[2] + k * dz, 1), "coronal_y_mm": round(origin[1] + j * dy, 1)}))


def roi_stats(vol, origin, spacing, r):
    dx, dy, dz = spacing
    c = r["centre_lps_mm"]
    k = int(round((c[2] - origin[2]) / dz))
    if not 0 <= k < vol.shape[0]:
        return None
    jj, ii = np.mgrid[0:vol.shape[1], 0:vol.shape[2]]
    m = ((origin[0] + ii * dx - c[0]) ** 2 + (origin[1] + jj * dy - c[1]) ** 2) <= r["radius_mm"] ** 2
    v = vol[k][m]
    return float(v.mean()), float(v.std()), int(v.size)


def nps_peak(noise, px, n=64):
    acc = np.zeros((n, n))
    count = 0
    for s in noise:
        for y0 in range(0, s.shape[0] - n + 1, n):
            for x0 in range(0, s.shape[1] - n + 1, n):
                p = s[y0:y0 + n, x0:x0 + n]
                acc += np.abs(np.fft.fft2(p - p.mean())) ** 2
                count += 1
    f = np.fft.fftfreq(n, d=px)
    fr = np.hypot(*np.meshgrid(f, f))
    bins = np.round(fr / (1.0 / (n * px))).astype(int)
    radial = np.bincount(bins.ravel(), acc.ravel()) / np.maximum(np.bincount(bins.ravel()), 1)
    smooth = np.convolve(radial, np.ones(3) / 3, mode="same")
    b = int(np.argmax(smooth[2: n // 2])) + 2
    return b / (n * px)


def measure(args):
    for seed, phase in parse_cases(args.cases):
        with tempfile.TemporaryDirectory() as tmp:
            study = os.path.join(tmp, "s")
            render(args.lsms, seed, phase, study, args.extra)
            vol, origin, spacing, truth = load_study(study)
            drawn = truth["drawn"]["values"]
            row = {"seed": seed, "phase": drawn["phase"], "liver_state": drawn["liver.state"],
                   "pixel_mm": round(spacing[0], 3), "slice_mm": spacing[2]}
            for r in truth["reference_points"]:
                st = roi_stats(vol, origin, spacing, r)
                if st:
                    row[r["name"]] = [round(st[0], 1), round(st[1], 1), st[2]]
            if args.noise:
                clean = os.path.join(tmp, "clean")
                subprocess.run([args.lsms, "phantom", "--seed", str(seed), "--phantom-version", "2", "--out", clean, "--noise", "0"]
                               + (["--phase", phase] if phase else []) + args.extra, check=True, capture_output=True)
                vc, _, _, _ = load_study(clean)
                noise = vol - vc
                row["noise_sd_hu"] = round(float(noise.std()), 2)
                row["noise_sd_drawn_hu"] = round(drawn["noise.sigma_hu"], 2)
                row["nps_peak_per_mm"] = round(nps_peak(noise, spacing[0]), 3)
                row["nps_peak_drawn_per_mm"] = round(drawn["noise.nps_peak_per_mm"], 3)
            print(json.dumps(row), flush=True)


def main():
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1:]
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("gallery")
    g.add_argument("--lsms", required=True)
    g.add_argument("--out", required=True)
    g.add_argument("cases", nargs="+")
    m = sub.add_parser("measure")
    m.add_argument("--lsms", required=True)
    m.add_argument("--noise", action="store_true")
    m.add_argument("cases", nargs="+")
    args = ap.parse_args(argv)
    args.extra = extra
    gallery(args) if args.cmd == "gallery" else measure(args)


if __name__ == "__main__":
    main()
