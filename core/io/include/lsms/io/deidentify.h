#pragma once
// De-identification of the DICOM objects the program writes, for sharing a
// case outside the hospital: the Basic Application Level Confidentiality
// Profile of PS3.15 (Annex E), without its options (no dates, descriptions or
// device identities are retained). Names, IDs, dates, times, free-text
// descriptions, institution and staff are removed or replaced, private
// attributes removed; an SR's content is kept and cleaned the same way (the
// profile's Clean Structured Content option: its names, dates and UIDs), its
// lesion names and prompts kept, as are a SEG's segment labels. Every instance, series, study and frame-of-reference
// UID replaced by one derived from it under a key: the same key maps the CT
// series and the SEG and SR drawn on it to UIDs that still reference each
// other, while nobody without the key can tell the original UIDs.
#include <filesystem>
#include <string>

namespace lsms {

struct DeidentifyOptions {
    // A secret of the person sharing (any text, required): objects de-identified
    // under one key keep referencing each other. randomDeidentifyKey() makes one.
    std::string key;
    std::string patientName = "ANONYMOUS";
    // Empty: "ANON-" and 12 hex digits derived from the original ID and the key,
    // so one patient keeps one pseudonym under one key.
    std::string patientId;
};

// A key for one sharing session: 32 random hex digits from the system's source.
std::string randomDeidentifyKey();

// The UID `uid` becomes under `key` ("2.25." and 128 bits of HMAC-SHA-256).
// UIDs DICOM itself defines (1.2.840.10008.…: SOP classes, transfer syntaxes)
// stay.
std::string deidentifiedUid(const std::string& uid, const std::string& key);

// Writes a de-identified copy of the DICOM file `in` to `out` (may be `in`),
// atomically. Throws InputError for an empty key, a file that is not DICOM or
// whose pixels carry burned-in annotation (text in the image cannot be
// removed here), IoError when it cannot be read or written.
void deidentifyFile(const std::filesystem::path& in, const std::filesystem::path& out, const DeidentifyOptions& options);

}  // namespace lsms
