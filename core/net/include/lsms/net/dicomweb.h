#pragma once
// The same services over DICOMweb (HTTP, through libcurl): QIDO-RS search,
// WADO-RS retrieve (multipart, one instance at a time to disk) and STOW-RS
// store, with HTTP basic authentication or a bearer token, and HTTPS.
#include "lsms/net/pacs.h"

namespace lsms::net {

struct WebServer {
    std::string url;  // the DICOMweb root, e.g. http://127.0.0.1:8042/dicom-web
    std::string user, password;  // HTTP basic authentication, when user is set
    std::string bearerToken;     // Authorization: Bearer, when set
    int timeoutSeconds = 30;     // connect, and any 30 s without a byte
    // HTTPS: the server's certificate is checked against the CAs in this
    // file (PEM), or those the system trusts when empty. Never skipped.
    std::string caFile;
};

FindResult findStudies(const WebServer& server, const StudyQuery& query);
std::vector<SeriesRecord> findSeries(const WebServer& server, const std::string& studyInstanceUid);
// QIDO-RS has no patient level in the base standard: the patients of the
// matching studies, one per Patient ID, with the studies counted.
PatientFindResult findPatients(const WebServer& server, const StudyQuery& query);
// As getInstances over DIMSE: files named by SOP Instance UID, written
// atomically as each part of the multipart answer arrives; a retrieve that
// breaks off throws PacsError saying how many arrived (they are kept).
RetrieveResult retrieveInstances(const WebServer& server, const std::string& studyInstanceUid,
                                 const std::string& seriesInstanceUid, const std::filesystem::path& outDir,
                                 const RetrieveProgress& progress = {});
// One STOW-RS request with every file; throws PacsError naming what the
// server refused.
void storeFiles(const WebServer& server, const std::vector<std::filesystem::path>& files);

}  // namespace lsms::net
