#pragma once
// A PACS the reader has configured, over either protocol, and the services
// both front ends need from it: test, search, retrieve, store. Which of
// DIMSE or DICOMweb is behind a server is decided here once, so the study
// browser and "Send to PACS" do not branch on it.
#include "lsms/net/dicomweb.h"
#include "lsms/net/pacs.h"

#include <filesystem>
#include <string>
#include <vector>

namespace lsms::workflow {

enum class PacsProtocol { Dimse, DicomWeb };
enum class RetrieveMethod { CGet, CMove };  // DIMSE only; DICOMweb retrieves by WADO-RS

struct PacsServer {
    std::string name;  // what the reader calls it; unique in the list
    PacsProtocol protocol = PacsProtocol::Dimse;
    net::PacsPeer peer;                           // DIMSE
    RetrieveMethod retrieve = RetrieveMethod::CGet;
    int moveListenPort = 11112;                   // our storage SCP during a C-MOVE
    net::WebServer web;                           // DICOMweb; password and token are never saved
};

// Throws InputError naming the first field that is wrong (empty name, no
// host, port out of 1..65535, an AE title longer than 16 or with a
// backslash, a URL that is not http:// or https://, C-MOVE over TLS).
void checkServer(const PacsServer& server);

// C-ECHO, or a QIDO-RS search for one study over DICOMweb: PacsError if the
// server does not answer as a PACS.
void testConnection(const PacsServer& server);
net::FindResult findStudies(const PacsServer& server, const net::StudyQuery& query);
net::PatientFindResult findPatients(const PacsServer& server, const net::StudyQuery& query);
std::vector<net::SeriesRecord> findSeries(const PacsServer& server, const std::string& studyInstanceUid);
net::RetrieveResult retrieve(const PacsServer& server, const std::string& studyInstanceUid,
                             const std::string& seriesInstanceUid, const std::filesystem::path& outDir,
                             const net::RetrieveProgress& progress = {});
void store(const PacsServer& server, const std::vector<std::filesystem::path>& files);

// The reader's server list: $XDG_CONFIG_HOME (or ~/.config) / "LSMS Viewer" /
// pacs-servers.json.
std::filesystem::path defaultServersFile();
// A missing file is an empty list; a damaged one is an InputError naming the
// file and what is wrong (the file is left as it is).
std::vector<PacsServer> loadServers(const std::filesystem::path& file);
// Written atomically, readable by the user only. Passwords and tokens are
// left out: they come from the keyring or are asked for.
void saveServers(const std::filesystem::path& file, const std::vector<PacsServer>& servers);

}  // namespace lsms::workflow
