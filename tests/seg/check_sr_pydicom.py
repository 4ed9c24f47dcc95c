#!/usr/bin/python3
"""Independent reader of a TID 1500 measurement report written by LSMS Viewer (pydicom).

usage: check_sr_pydicom.py SR.dcm

Finds content items by their concept codes, never by position, and prints one
tab-separated line per fact, for the test to compare with what it wrote:

  report    SOPClassUID  title code  template id  PatientID  StudyInstanceUID  SeriesInstanceUID  SOPInstanceUID  CompletionFlag
  observer  PERSON|DEVICE  name
  procedure code
  evidence  series UID  number of instances
  group     tracking id  tracking UID  SEG SOP class  SEG SOP instance  segment number  source series  finding  finding site
  measure   quantity code  derivation code or -  value  unit code

("measure" lines follow their group.) Exits 1 with "MISMATCH:" lines when the
document is not a TID 1500 report with a measurement group per lesion.
"""
import sys

import pydicom


def code(item, attr="ConceptNameCodeSequence"):
    seq = item.get(attr)
    if not seq:
        return None
    return "%s^%s" % (seq[0].CodeValue, seq[0].CodingSchemeDesignator)


def children(item, concept):
    return [c for c in item.get("ContentSequence", []) if code(c) == concept]


def one(item, concept):
    found = children(item, concept)
    return found[0] if len(found) == 1 else None


def main():
    sr = pydicom.dcmread(sys.argv[1])
    out = []
    problems = []

    template = sr.ContentTemplateSequence[0].TemplateIdentifier if "ContentTemplateSequence" in sr else "-"
    out.append(["report", sr.SOPClassUID, code(sr), template, sr.PatientID, sr.StudyInstanceUID,
                sr.SeriesInstanceUID, sr.SOPInstanceUID, sr.CompletionFlag])

    person = one(sr, "121008^DCM")  # Person Observer Name
    device = one(sr, "121013^DCM")  # Device Observer Name
    if person is not None:
        out.append(["observer", "PERSON", str(person.PersonName)])
    elif device is not None and one(sr, "121012^DCM") is not None:  # with its Device Observer UID
        out.append(["observer", "DEVICE", device.TextValue])
    else:
        problems.append("no person or device observer")

    for p in children(sr, "121058^DCM"):  # Procedure reported
        out.append(["procedure", code(p, "ConceptCodeSequence")])

    for study in sr.get("CurrentRequestedProcedureEvidenceSequence", []):
        for series in study.ReferencedSeriesSequence:
            out.append(["evidence", series.SeriesInstanceUID, str(len(series.ReferencedSOPSequence))])

    measurements = one(sr, "126010^DCM")  # Imaging Measurements
    if measurements is None:
        problems.append("no Imaging Measurements container")
        groups = []
    else:
        groups = children(measurements, "125007^DCM")  # Measurement Group
    if not groups:
        problems.append("no measurement group")
    for g in groups:
        tid = one(g, "112039^DCM")  # Tracking Identifier
        tuid = one(g, "112040^DCM")  # Tracking Unique Identifier
        seg = one(g, "121191^DCM")  # Referenced Segment
        source = one(g, "121232^DCM")  # Source series for segmentation
        finding = one(g, "121071^DCM")  # Finding
        site = one(g, "363698007^SCT")  # Finding Site
        if None in (tid, tuid, seg, source, finding, site):
            problems.append("measurement group without one of its required items")
            continue
        ref = seg.ReferencedSOPSequence[0]
        out.append(["group", tid.TextValue, tuid.UID, ref.ReferencedSOPClassUID, ref.ReferencedSOPInstanceUID,
                    str(ref.ReferencedSegmentNumber), source.UID, code(finding, "ConceptCodeSequence"),
                    code(site, "ConceptCodeSequence")])
        for num in g.get("ContentSequence", []):
            if num.ValueType != "NUM":
                continue
            value = num.MeasuredValueSequence[0]
            derivation = one(num, "121401^DCM")  # Derivation
            out.append(["measure", code(num), code(derivation, "ConceptCodeSequence") if derivation else "-",
                        repr(float(value.NumericValue)), value.MeasurementUnitsCodeSequence[0].CodeValue])

    text = "".join("\t".join(str(f) for f in line) + "\n" for line in out)
    sys.stdout.buffer.write(text.encode("utf-8"))
    if problems:
        for p in problems:
            print("MISMATCH:", p)
        sys.exit(1)


if __name__ == "__main__":
    main()
