#!/usr/bin/python3
"""lsms pacs echo|find|get|store against a real Orthanc started here on free
loopback ports (generated configuration, private folder, stopped at the end):
a phantom series sent with DCMTK's storescu is found by `lsms pacs find`,
retrieved by `lsms pacs get` with the same SOP instances and pixels, sent back
by `lsms pacs store`, and a wrong AE title is a one-line error with exit 1.
With the failing-disk shim, a retrieve onto a full disk stops with one line,
and every file it left under its final name is whole.
usage: check_pacs_cli.py LSMS ORTHANC [FAULT_SHIM]"""
import json, os, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from orthanc import Orthanc  # noqa: E402

import pydicom


def same_instances(folder, sent, what):
    """The files retrieved into `folder` are the instances sent, pixel for pixel."""
    got = {pydicom.dcmread(f"{folder}/{n}").SOPInstanceUID: f"{folder}/{n}" for n in os.listdir(folder)}
    if set(got) != set(sent):
        sys.exit(f"{what}: {len(got)} instances retrieved, {len(sent)} sent, or other ones")
    for uid, path in got.items():
        if pydicom.dcmread(path).PixelData != pydicom.dcmread(sent[uid]).PixelData:
            sys.exit(f"{what}: pixels of {uid} differ")
    return got


def run(*args, expect=0, env=None):
    p = subprocess.run(list(args), capture_output=True, text=True, env=env)
    if p.returncode != expect:
        sys.exit(f"{' '.join(args)}: exit {p.returncode}, expected {expect}\n{p.stdout}{p.stderr}")
    return p


def main():
    lsms, orthanc = sys.argv[1], sys.argv[2]
    with Orthanc(orthanc, lsms, password="pw-for-the-test") as pacs:
        work, dicom_port, http_port, move_port, web = pacs.work, pacs.dicom_port, pacs.http_port, pacs.move_port, pacs.web
        peer = ["--host", "127.0.0.1", "--port", str(dicom_port), "--aec", "ORTHANC", "--timeout", "10"]
        print(run(lsms, "pacs", "echo", *peer).stdout.strip())

        run(lsms, "phantom", "--seed", "700005", "--size", "96", "--spacing", "4", "--slices", "12", "--out", f"{work}/phantom")
        run("storescu", "-aec", "ORTHANC", "+sd", "127.0.0.1", str(dicom_port), f"{work}/phantom/dicom")
        sent = {pydicom.dcmread(os.path.join(d, n)).SOPInstanceUID: os.path.join(d, n)
                for d, _, names in os.walk(f"{work}/phantom/dicom") for n in names}

        found = json.loads(run(lsms, "pacs", "find", *peer, "--patient-id", "PH700005", "--json").stdout)
        if len(found["studies"]) != 1 or found["studies"][0]["instances"] != len(sent):
            sys.exit(f"find: expected one study of {len(sent)} instances, got {found}")
        study = found["studies"][0]["study_instance_uid"]
        table = run(lsms, "pacs", "find", *peer, "--modality", "CT").stdout
        if study not in table or "1 study" not in table:
            sys.exit("find (table): the study is not listed\n" + table)

        run(lsms, "pacs", "get", *peer, "--study", study, "--out", f"{work}/got")
        got = same_instances(f"{work}/got", sent, "get")

        # Without --out: into the managed folder and the local study list.
        xdg = dict(os.environ, XDG_DATA_HOME=f"{work}/xdg")
        run(lsms, "pacs", "get", *peer, "--study", study, env=xdg)
        same_instances(f"{work}/xdg/LSMS Viewer/retrieved/{study}", sent, "get into the managed folder")
        listed = json.loads(run(lsms, "studies", "list", "--patient-id", "PH700005", "--json", env=xdg).stdout)
        if [(e["study_instance_uid"], sum(s["instances"] for s in e["series"])) for e in listed] != [(study, len(sent))]:
            sys.exit(f"study list after get: {listed}")

        run(lsms, "pacs", "move", *peer, "--study", study, "--out", f"{work}/moved", "--listen-port", str(move_port))
        same_instances(f"{work}/moved", sent, "move")
        run(lsms, "pacs", "store", *peer, f"{work}/got")
        full = ""
        if len(sys.argv) > 3:
            env = dict(os.environ, LD_PRELOAD=sys.argv[3], LSMS_FAULT="write:ENOSPC", LSMS_FAULT_AFTER="600",
                       LSMS_FAULT_PATH=f"{work}/full")
            p = run(lsms, "pacs", "get", *peer, "--study", study, "--out", f"{work}/full", expect=1, env=env)
            errors = [line for line in p.stderr.splitlines() if not line.startswith(("lsms-fault:", "  "))]
            if "lsms-fault:" not in p.stderr:
                sys.exit("full disk: the shim injected no fault\n" + p.stderr)
            if len(errors) != 1 or "No space left on device" not in errors[0] or "arrived and are kept in" not in errors[0]:
                sys.exit("full disk: expected one line naming the disk and what arrived, got\n" + p.stderr)
            names = os.listdir(f"{work}/full")
            if any(n.startswith(".") for n in names):
                sys.exit(f"full disk: temporary files left: {names}")
            for n in names:
                if pydicom.dcmread(f"{work}/full/{n}").PixelData != pydicom.dcmread(sent[n[:-4]]).PixelData:
                    sys.exit(f"full disk: {n} is not whole")
            full = f", a full disk ({len(names)} whole file(s) kept)"
        wrong = run(lsms, "pacs", "echo", *peer[:-4], "--aec", "NOT-ORTHANC", expect=1)
        if "refused the association" not in wrong.stderr or len(wrong.stderr.strip().splitlines()) != 1:
            sys.exit("wrong AE title: expected one line saying the association was refused, got\n" + wrong.stderr)
        dicomweb = ""
        if web:
            url = ["--url", f"http://127.0.0.1:{http_port}/dicom-web", "--user", "lsms", "--timeout", "10"]
            good = dict(os.environ, LSMS_DICOMWEB_PASSWORD="pw-for-the-test")
            found = json.loads(run(lsms, "pacs", "find", *url, "--patient-id", "PH700005", "--json", env=good).stdout)
            if [s["study_instance_uid"] for s in found["studies"]] != [study]:
                sys.exit(f"QIDO-RS: expected the study, got {found}")
            run(lsms, "pacs", "get", *url, "--study", study, "--out", f"{work}/web", env=good)
            web_got = same_instances(f"{work}/web", sent, "WADO-RS")
            run(lsms, "pacs", "store", *url, f"{work}/web", env=good)
            bad = run(lsms, "pacs", "find", *url, env=dict(os.environ, LSMS_DICOMWEB_PASSWORD="wrong"), expect=1)
            if "refused the credentials (HTTP 401)" not in bad.stderr or len(bad.stderr.strip().splitlines()) != 1:
                sys.exit("DICOMweb, wrong password: expected one line about the credentials, got\n" + bad.stderr)
            dicomweb = f"; DICOMweb: QIDO-RS, WADO-RS ({len(web_got)} instances, pixels equal), STOW-RS and a wrong password"
        print(f"echo, find, get ({len(got)} instances, pixels equal, and into the study list), move, store{full} and a wrong AE title{dicomweb}: ok")


main()
