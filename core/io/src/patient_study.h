#pragma once
// The patient and study a derived object (SEG, SR) belongs to, copied whole
// from its source image (private to lsms_io). DCMTK's own import keeps only
// the attributes its module classes know, so an Other Patient IDs Sequence, an
// Issuer of Accession Number or a clinical trial's subject ID would be lost
// and the PACS would file the object under a different patient record.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <filesystem>
#include <vector>

namespace lsms::detail {

// Every attribute of the Patient, Clinical Trial Subject, General Study,
// Patient Study and Clinical Trial Study modules (PS3.3 C.7.1.1, C.7.1.3,
// C.7.2.1, C.7.2.2, C.7.2.3).
const std::vector<DcmTagKey>& patientStudyTags();

// The source image's dataset in UTF-8. Throws IoError/InputError.
DcmFileFormat readSourceInUtf8(const std::filesystem::path& image);

// Copies each of those attributes present in `source` (UTF-8) into `target`,
// replacing what is there, and declares `target` UTF-8 (ISO_IR 192).
void copyPatientStudy(DcmItem& source, DcmItem& target);

}  // namespace lsms::detail
