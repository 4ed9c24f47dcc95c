#pragma once
// Talking to a PACS over DICOM (DIMSE, through DCMTK's dcmnet): C-ECHO,
// C-FIND at study and series level, retrieve by C-GET into a folder, and
// C-STORE of the objects the program writes. Qt-free; every failure is a
// PacsError of one line that says what to check.
#include "lsms/core/error.h"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace lsms::net {

// The PACS refused, was not there, timed out or answered something unusable.
class PacsError : public Error {
public:
    using Error::Error;
};

struct PacsPeer {
    std::string host = "127.0.0.1";
    int port = 104;
    std::string calledAe = "ANY-SCP";  // the PACS's AE title
    std::string callingAe = "LSMS";    // ours
    int timeoutSeconds = 30;           // connect, association and each message
    // DICOM TLS (PS3.15 B.1, BCP 195 profile, through DCMTK's dcmtls): the
    // PACS's certificate must be signed by a CA in `tlsCaFile` (PEM), or by
    // one the system trusts when it is empty. A client certificate and its
    // key (PEM) are sent when the PACS asks for one.
    bool tls = false;
    std::string tlsCaFile, tlsCertificateFile, tlsKeyFile;
};

// C-ECHO: throws PacsError unless the PACS answers.
void echo(const PacsPeer& peer);

// Keys of a study search; empty keys match anything. `date` is a DICOM date
// or range: "20261201", "20261101-20261201", "-20261201".
struct StudyQuery {
    std::string patientName;  // wildcards * and ? as the PACS allows
    std::string patientId;
    std::string studyInstanceUid;
    std::string date;
    std::string modality;  // in the study, e.g. "CT"
    std::string accessionNumber;
    std::string description;
    std::size_t limit = 500;  // more answers than this are cut, and said to be
};

struct StudyRecord {
    std::string patientName, patientId, patientBirthDate;
    std::string studyInstanceUid, studyDate, studyTime, description, accessionNumber, modalities;
    int seriesCount = 0, instanceCount = 0;  // 0 when the PACS does not say
};

struct SeriesRecord {
    std::string studyInstanceUid, seriesInstanceUid, modality, description;
    int seriesNumber = 0, instanceCount = 0;
};

struct FindResult {
    std::vector<StudyRecord> studies;
    bool truncated = false;  // the limit was reached
};

FindResult findStudies(const PacsPeer& peer, const StudyQuery& query);

struct PatientRecord {
    std::string patientName, patientId, birthDate, sex;
    int studyCount = 0;  // 0 when the PACS does not say
};

struct PatientFindResult {
    std::vector<PatientRecord> patients;
    bool truncated = false;  // the limit was reached
};

// C-FIND at patient level (patient-root model), by the query's patient name
// and ID; its other keys are study keys and are not used here.
PatientFindResult findPatients(const PacsPeer& peer, const StudyQuery& query);
std::vector<SeriesRecord> findSeries(const PacsPeer& peer, const std::string& studyInstanceUid);

// progress(received, remaining, failed); return false to cancel.
using RetrieveProgress = std::function<bool(std::size_t received, std::size_t remaining, std::size_t failed)>;

struct RetrieveResult {
    std::vector<std::filesystem::path> files;  // what arrived, whole, under the output folder
    std::size_t failed = 0;                    // sub-operations the PACS reports as failed
    bool cancelled = false;
    bool complete() const { return !cancelled && failed == 0; }
};

// C-GET of a study (seriesInstanceUid empty) or of one series into `outDir`
// (made if missing), one file per instance named by its SOP Instance UID,
// each written atomically. A retrieve that breaks off (the PACS stopped, the
// network gone) throws PacsError saying how many instances arrived; those
// stay in `outDir`. Nothing matching is a PacsError too.
RetrieveResult getInstances(const PacsPeer& peer, const std::string& studyInstanceUid, const std::string& seriesInstanceUid,
                            const std::filesystem::path& outDir, const RetrieveProgress& progress = {});

// C-MOVE of a study or series to this program itself: a storage SCP with
// the peer's callingAe listens on `listenPort` for the PACS to send the
// instances to, while the move runs. The PACS must know that AE title and
// port (its configuration; the trap C-GET avoids). Files, progress, cancel
// and errors as getInstances. Not over TLS (refused: use C-GET).
RetrieveResult moveInstances(const PacsPeer& peer, const std::string& studyInstanceUid, const std::string& seriesInstanceUid,
                             int listenPort, const std::filesystem::path& outDir, const RetrieveProgress& progress = {});

// C-STORE of each file, in order; throws PacsError at the first refusal,
// naming the file and the PACS's status.
void storeFiles(const PacsPeer& peer, const std::vector<std::filesystem::path>& files);

}  // namespace lsms::net
