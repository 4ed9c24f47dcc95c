#pragma once
// Identity of a DICOM series, independent of DCMTK so pure-C++ code
// (phantoms, models) can describe what it produces.
#include <string>

namespace lsms {

struct SeriesMetadata {
    std::string patientName;
    std::string patientId;
    std::string patientBirthDate;  // YYYYMMDD, may be empty
    std::string patientSex;        // M, F, O or empty
    std::string studyInstanceUid;
    std::string studyDate;  // YYYYMMDD
    std::string studyTime;  // HHMMSS
    std::string studyDescription;
    std::string accessionNumber;
    std::string seriesInstanceUid;
    int seriesNumber = 1;
    std::string seriesDescription;
    std::string modality = "CT";
    std::string frameOfReferenceUid;
    std::string manufacturer = "LSMS Viewer";
};

// A DICOM UID under the 2.25 root (ISO/IEC 9834-8: a 128-bit number), made
// deterministically from a key so that the same phantom seed always yields
// the same UIDs.
std::string uidFromKey(const std::string& key);

}  // namespace lsms
