#!/usr/bin/python3
"""Retrieve benchmark: a 512x512xN phantom study stored in a throw-away local
Orthanc, retrieved by `lsms pacs get` over C-GET and over WADO-RS and by DCMTK's
own getscu in the same run, alternating, several times; prints the median
seconds of each and the ratios to getscu (the goal: C-GET within 1.2x).
  scripts/bench_pacs.py [--lsms build/app/lsms] [--slices 300] [--runs 3]"""
import argparse, os, shutil, statistics, subprocess, sys, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "pacs"))
from orthanc import Orthanc  # noqa: E402


def timed(args):
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    return time.perf_counter() - start


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--lsms", default="build/app/lsms")
    p.add_argument("--orthanc", default="/usr/sbin/Orthanc")
    p.add_argument("--slices", type=int, default=300)
    p.add_argument("--runs", type=int, default=3)
    a = p.parse_args()
    with Orthanc(a.orthanc, a.lsms) as pacs:
        work = pacs.work
        subprocess.run([a.lsms, "phantom", "--seed", "700009", "--size", "512", "--slices", str(a.slices), "--out", f"{work}/study"],
                       check=True, capture_output=True)
        subprocess.run(["storescu", "-aec", "ORTHANC", "+sd", "127.0.0.1", str(pacs.dicom_port), f"{work}/study/dicom"],
                       check=True, capture_output=True)
        found = subprocess.run([a.lsms, "pacs", "find", *pacs.peer(), "--patient-id", "PH700009"], check=True,
                               capture_output=True, text=True).stdout
        study = [w for w in found.split() if w.startswith("2.25.")][0]
        size_mb = sum(os.path.getsize(os.path.join(d, n)) for d, _, ns in os.walk(f"{work}/study/dicom") for n in ns) / 1e6
        ways = {
            "lsms pacs get (C-GET)": lambda out: [a.lsms, "pacs", "get", *pacs.peer(), "--study", study, "--out", out],
            "getscu (DCMTK)": lambda out: ["getscu", "-aet", "LSMS", "-aec", "ORTHANC", "-S", "-k", "QueryRetrieveLevel=STUDY",
                                           "-k", f"StudyInstanceUID={study}", "-od", out, "127.0.0.1", str(pacs.dicom_port)],
        }
        if pacs.web:
            url = f"http://127.0.0.1:{pacs.http_port}/dicom-web"
            ways["lsms pacs get --url (WADO-RS)"] = lambda out: [a.lsms, "pacs", "get", "--url", url, "--study", study, "--out", out]
        times = {k: [] for k in ways}
        for run in range(a.runs):
            for name, command in ways.items():
                out = f"{work}/out"
                shutil.rmtree(out, ignore_errors=True)
                os.makedirs(out)
                times[name].append(timed(command(out)))
                if len(os.listdir(out)) != a.slices:
                    sys.exit(f"{name}: {len(os.listdir(out))} files retrieved, {a.slices} expected")
        base = statistics.median(times["getscu (DCMTK)"])
        print(f"512x512x{a.slices} study, {size_mb:.0f} MB, local Orthanc 1.10, {a.runs} runs each (median):")
        for name, ts in times.items():
            m = statistics.median(ts)
            print(f"  {name:32s} {m:6.2f} s   {size_mb / m:6.1f} MB/s   {m / base:4.2f}x getscu")


main()
