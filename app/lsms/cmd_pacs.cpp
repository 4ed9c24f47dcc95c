// lsms pacs echo|find|get|store: the PACS client (lsms/net/pacs.h) from the
// command line, over DIMSE. Prints and parses only.
#include "args.h"
#include "commands.h"

#include "lsms/net/dicomweb.h"
#include "lsms/net/pacs.h"
#include "lsms/net/study_list.h"
#include "lsms/workflow/pacs_server.h"
#include "lsms/workflow/study_retrieve.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <memory>

namespace fs = std::filesystem;

namespace lsms::cli {

namespace {

const char* kUsage =
    "lsms pacs echo  --host H --port P --aec AE [--aet LSMS] [--timeout S]\n"
    "lsms pacs find  ... [--patient NAME] [--patient-id ID] [--study UID] [--date YYYYMMDD[-YYYYMMDD]]\n"
    "                    [--modality CT] [--accession A] [--description D] [--limit N] [--json]\n"
    "                    [--level patient|series]   (patients by name and ID; or the series of --study UID)\n"
    "lsms pacs get   ... --study UID [--series UID] [--out DIR]   retrieve by C-GET (no --out: into the\n"
    "                    managed folder and the local study list, see lsms studies)\n"
    "lsms pacs move  ... --study UID [--series UID] --out DIR --listen-port P\n"
    "                    retrieve by C-MOVE to ourselves (AE --aet on port P, known to the PACS)\n"
    "lsms pacs store ... FILE|DIR ...                             send by C-STORE\n"
    "DICOM TLS: --tls [--tls-ca CA.pem] [--tls-cert CERT.pem --tls-key KEY.pem] (C-MOVE is not offered over TLS)\n"
    "DICOMweb instead of DIMSE: --url http(s)://HOST/dicom-web [--user U] [--ca CA.pem] (QIDO-RS, WADO-RS, STOW-RS);\n"
    "  the password or bearer token is read from LSMS_DICOMWEB_PASSWORD or LSMS_DICOMWEB_TOKEN, never an argument";

net::PacsPeer peerFrom(const Args& a) {
    if (!a.has("host") || !a.has("port") || !a.has("aec"))
        throw InputError(std::string("the PACS is given by --host, --port and --aec (its AE title)\nusage: ") + kUsage);
    net::PacsPeer p;
    p.host = a.value("host");
    p.port = int(a.integer("port", 0));
    p.calledAe = a.value("aec");
    p.callingAe = a.value("aet", p.callingAe);
    p.timeoutSeconds = int(a.integer("timeout", p.timeoutSeconds));
    if (p.timeoutSeconds < 1) throw InputError("--timeout must be at least 1 second");
    p.tls = a.flag("tls");
    p.tlsCaFile = a.value("tls-ca");
    p.tlsCertificateFile = a.value("tls-cert");
    p.tlsKeyFile = a.value("tls-key");
    if (!p.tls && (a.has("tls-ca") || a.has("tls-cert") || a.has("tls-key")))
        throw InputError("--tls-ca, --tls-cert and --tls-key go with --tls");
    return p;
}

// The server asked for, over DIMSE (--host) or DICOMweb (--url).
workflow::PacsServer serverFrom(const Args& a) {
    workflow::PacsServer s;
    if (a.has("url")) {
        if (a.has("host") || a.has("aec")) throw InputError("give either --url (DICOMweb) or --host/--port/--aec (DIMSE), not both");
        s.protocol = workflow::PacsProtocol::DicomWeb;
        s.name = a.value("url");
        s.web.url = a.value("url");
        s.web.user = a.value("user");
        s.web.caFile = a.value("ca");
        if (a.flag("tls")) throw InputError("--tls is for DIMSE; DICOMweb is secured by an https:// URL (and --ca)");
        if (const char* p = std::getenv("LSMS_DICOMWEB_PASSWORD")) s.web.password = p;
        if (const char* t = std::getenv("LSMS_DICOMWEB_TOKEN")) s.web.bearerToken = t;
        s.web.timeoutSeconds = int(a.integer("timeout", s.web.timeoutSeconds));
        if (s.web.timeoutSeconds < 1) throw InputError("--timeout must be at least 1 second");
    } else {
        s.peer = peerFrom(a);
        s.name = s.peer.calledAe;
    }
    workflow::checkServer(s);
    return s;
}

int find(const Args& a, const workflow::PacsServer& peer) {
    const bool json = a.flag("json");
    nlohmann::json out = nlohmann::json::array();
    const std::string level = a.value("level", "study");
    if (level != "study" && level != "series" && level != "patient")
        throw InputError("--level is patient, study or series, not " + level);
    if (level == "patient") {
        net::StudyQuery q;
        q.patientName = a.value("patient");
        q.patientId = a.value("patient-id");
        q.limit = std::size_t(a.integer("limit", static_cast<long long>(q.limit)));
        if (q.limit < 1) throw InputError("--limit must be at least 1");
        const auto r = workflow::findPatients(peer, q);
        for (const auto& p : r.patients) {
            if (json) {
                out.push_back({{"patient_name", p.patientName}, {"patient_id", p.patientId}, {"birth_date", p.birthDate},
                               {"sex", p.sex}, {"studies", p.studyCount}});
                continue;
            }
            std::cout << std::left << std::setw(24) << p.patientName.substr(0, 23) << std::setw(14) << p.patientId.substr(0, 13)
                      << std::setw(10) << p.birthDate << std::setw(4) << p.sex << p.studyCount << " stud"
                      << (p.studyCount == 1 ? "y" : "ies") << "\n";
        }
        if (json) std::cout << nlohmann::json{{"patients", out}, {"truncated", r.truncated}}.dump(2) << "\n";
        else std::cout << r.patients.size() << " patient(s)" << (r.truncated ? " (the first --limit; narrow the search)" : "") << "\n";
        return 0;
    }
    if (level == "series") {
        if (!a.has("study")) throw InputError("--level series lists the series of a study: give --study UID");
        const auto series = workflow::findSeries(peer, a.value("study"));
        for (const auto& s : series) {
            if (json) {
                out.push_back({{"series_instance_uid", s.seriesInstanceUid}, {"modality", s.modality}, {"series_number", s.seriesNumber},
                               {"description", s.description}, {"instances", s.instanceCount}});
                continue;
            }
            std::cout << std::left << std::setw(4) << s.modality << std::setw(6) << s.seriesNumber << std::setw(8)
                      << s.instanceCount << std::setw(32) << s.description.substr(0, 31) << s.seriesInstanceUid << "\n";
        }
        if (json) std::cout << out.dump(2) << "\n";
        else std::cout << series.size() << " series\n";
        return 0;
    }
    net::StudyQuery q;
    q.patientName = a.value("patient");
    q.patientId = a.value("patient-id");
    q.studyInstanceUid = a.value("study");
    q.date = a.value("date");
    q.modality = a.value("modality");
    q.accessionNumber = a.value("accession");
    q.description = a.value("description");
    q.limit = std::size_t(a.integer("limit", static_cast<long long>(q.limit)));
    if (q.limit < 1) throw InputError("--limit must be at least 1");
    const auto r = workflow::findStudies(peer, q);
    for (const auto& s : r.studies) {
        if (json) {
            out.push_back({{"patient_name", s.patientName}, {"patient_id", s.patientId}, {"study_date", s.studyDate},
                           {"description", s.description}, {"accession", s.accessionNumber}, {"modalities", s.modalities},
                           {"series", s.seriesCount}, {"instances", s.instanceCount}, {"study_instance_uid", s.studyInstanceUid}});
            continue;
        }
        std::cout << std::left << std::setw(24) << s.patientName.substr(0, 23) << std::setw(12) << s.patientId.substr(0, 11)
                  << std::setw(10) << s.studyDate << std::setw(8) << s.modalities.substr(0, 7) << std::setw(6) << s.seriesCount
                  << std::setw(28) << s.description.substr(0, 27) << s.studyInstanceUid << "\n";
    }
    if (json) {
        std::cout << nlohmann::json{{"studies", out}, {"truncated", r.truncated}}.dump(2) << "\n";
    } else {
        std::cout << r.studies.size() << " stud" << (r.studies.size() == 1 ? "y" : "ies")
                  << (r.truncated ? " (the first --limit; narrow the search for the rest)" : "") << "\n";
    }
    return 0;
}

int get(const Args& a, const workflow::PacsServer& peer) {
    if (!a.has("study")) throw InputError(std::string("get needs --study UID\nusage: ") + kUsage);
    std::size_t shown = 0;
    const net::RetrieveProgress progress = [&](std::size_t got, std::size_t remaining, std::size_t failed) {
        if (got >= shown + 50) {
            std::cerr << "  " << got << " received, " << remaining << " to come"
                      << (failed ? ", " + std::to_string(failed) + " failed" : "") << "\n";
            shown = got;
        }
        return true;
    };
    net::RetrieveResult r;
    if (a.has("out")) {
        r = workflow::retrieve(peer, a.value("study"), a.value("series"), a.value("out"), progress);
        std::cout << "retrieved " << r.files.size() << " instance(s) into " << a.value("out") << "\n";
    } else {
        // Without --out the study goes to the managed folder and into the local study list.
        net::StudyList list = workflow::openStudyList();
        const auto got = workflow::retrieveIntoStudyList(peer, list, a.value("study"), a.value("series"), progress);
        r = got.result;
        std::cout << "retrieved " << r.files.size() << " instance(s) into " << got.folder.string() << "\n";
        std::cout << "indexed " << got.index.instancesAdded << " instance(s) in the local study list\n";
    }
    if (r.failed) {
        std::cerr << "lsms pacs get: " << r.failed << " instance(s) failed to arrive; the " << r.files.size()
                  << " that arrived are kept\n";
        return 1;
    }
    return 0;
}

int move(const Args& a, const workflow::PacsServer& peer) {
    if (peer.protocol == workflow::PacsProtocol::DicomWeb) throw InputError("move is a DIMSE service: use get with --url");
    if (!a.has("study") || !a.has("out") || !a.has("listen-port"))
        throw InputError(std::string("move needs --study UID, --out DIR and --listen-port P\nusage: ") + kUsage);
    const fs::path out = a.value("out");
    workflow::PacsServer mover = peer;
    mover.retrieve = workflow::RetrieveMethod::CMove;
    mover.moveListenPort = int(a.integer("listen-port", 0));
    const auto r = workflow::retrieve(mover, a.value("study"), a.value("series"), out);
    std::cout << "retrieved " << r.files.size() << " instance(s) into " << out.string() << "\n";
    if (r.failed) {
        std::cerr << "lsms pacs move: " << r.failed << " instance(s) failed to arrive; the " << r.files.size() << " that arrived are kept\n";
        return 1;
    }
    return 0;
}

int store(const Args& a, const workflow::PacsServer& peer) {
    std::vector<fs::path> files;
    for (std::size_t i = 1; i < a.positionals().size(); ++i) {
        const fs::path p = a.positionals()[i];
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            for (const auto& e : fs::recursive_directory_iterator(p))
                if (e.is_regular_file()) files.push_back(e.path());
        } else if (fs::is_regular_file(p, ec)) {
            files.push_back(p);
        } else {
            throw IoError("no such file or folder: " + p.string());
        }
    }
    if (files.empty()) throw InputError(std::string("store needs the files to send\nusage: ") + kUsage);
    std::sort(files.begin(), files.end());
    workflow::store(peer, files);
    std::cout << "sent " << files.size() << " file(s) to " << peer.name << "\n";
    return 0;
}

}  // namespace

int cmdPacs(const Argv& argv) {
    Args a(argv, {"host", "port", "aec", "aet", "timeout", "patient", "patient-id", "study", "series", "date", "modality",
                  "accession", "description", "limit", "level", "out", "url", "user", "listen-port", "tls-ca", "tls-cert", "tls-key", "ca"},
           {"json", "tls"});
    a.expectPositionals(1, 100000, kUsage);
    const std::string action = a.positionals()[0];
    if (action != "store" && a.positionals().size() > 1) throw InputError("unexpected argument " + a.positionals()[1] + "\nusage: " + std::string(kUsage));
    const workflow::PacsServer peer = serverFrom(a);
    if (action == "echo") {
        workflow::testConnection(peer);
        if (peer.protocol == workflow::PacsProtocol::DicomWeb) {
            std::cout << "DICOMweb search at " << peer.web.url << ": ok\n";
            return 0;
        }
        std::cout << "C-ECHO to " << peer.peer.calledAe << " at " << peer.peer.host << ":" << peer.peer.port << ": ok\n";
        return 0;
    }
    if (action == "find") return find(a, peer);
    if (action == "get") return get(a, peer);
    if (action == "store") return store(a, peer);
    if (action == "move") return move(a, peer);
    throw InputError("unknown pacs action '" + action + "'\nusage: " + std::string(kUsage));
}

}  // namespace lsms::cli
