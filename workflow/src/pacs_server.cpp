#include "lsms/workflow/pacs_server.h"

#include "lsms/core/atomic_file.h"
#include "lsms/core/error.h"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

namespace lsms::workflow {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

void checkAe(const std::string& ae, const std::string& what, const std::string& server) {
    if (ae.empty() || ae.size() > 16 || ae.find('\\') != std::string::npos)
        throw InputError("server \"" + server + "\": the " + what + " must be 1 to 16 characters without a backslash (it is \"" + ae +
                         "\")");
}

void checkPort(int port, const std::string& what, const std::string& server) {
    if (port < 1 || port > 65535)
        throw InputError("server \"" + server + "\": the " + what + " must be 1 to 65535 (it is " + std::to_string(port) + ")");
}

bool startsWith(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

}  // namespace

void checkServer(const PacsServer& s) {
    if (s.name.empty()) throw InputError("a PACS server needs a name");
    if (s.protocol == PacsProtocol::Dimse) {
        if (s.peer.host.empty()) throw InputError("server \"" + s.name + "\": the host is empty");
        checkPort(s.peer.port, "port", s.name);
        checkAe(s.peer.calledAe, "PACS's AE title", s.name);
        checkAe(s.peer.callingAe, "viewer's AE title", s.name);
        if (s.retrieve == RetrieveMethod::CMove) checkPort(s.moveListenPort, "C-MOVE listening port", s.name);
        if (s.retrieve == RetrieveMethod::CMove && s.peer.tls)
            throw InputError("server \"" + s.name + "\": C-MOVE over TLS is not supported; retrieve by C-GET");
    } else if (!startsWith(s.web.url, "http://") && !startsWith(s.web.url, "https://")) {
        throw InputError("server \"" + s.name + "\": the DICOMweb URL must start with http:// or https:// (it is \"" + s.web.url +
                         "\")");
    }
    if (s.peer.timeoutSeconds < 1 || s.web.timeoutSeconds < 1)
        throw InputError("server \"" + s.name + "\": the timeout must be at least 1 s");
}

void testConnection(const PacsServer& s) {
    checkServer(s);
    if (s.protocol == PacsProtocol::Dimse) return net::echo(s.peer);
    net::StudyQuery q;
    q.limit = 1;
    net::findStudies(s.web, q);
}

net::FindResult findStudies(const PacsServer& s, const net::StudyQuery& query) {
    checkServer(s);
    return s.protocol == PacsProtocol::Dimse ? net::findStudies(s.peer, query) : net::findStudies(s.web, query);
}

net::PatientFindResult findPatients(const PacsServer& s, const net::StudyQuery& query) {
    checkServer(s);
    return s.protocol == PacsProtocol::Dimse ? net::findPatients(s.peer, query) : net::findPatients(s.web, query);
}

std::vector<net::SeriesRecord> findSeries(const PacsServer& s, const std::string& study) {
    checkServer(s);
    return s.protocol == PacsProtocol::Dimse ? net::findSeries(s.peer, study) : net::findSeries(s.web, study);
}

net::RetrieveResult retrieve(const PacsServer& s, const std::string& study, const std::string& series, const fs::path& outDir,
                             const net::RetrieveProgress& progress) {
    checkServer(s);
    if (s.protocol == PacsProtocol::DicomWeb) return net::retrieveInstances(s.web, study, series, outDir, progress);
    if (s.retrieve == RetrieveMethod::CMove) return net::moveInstances(s.peer, study, series, s.moveListenPort, outDir, progress);
    return net::getInstances(s.peer, study, series, outDir, progress);
}

void store(const PacsServer& s, const std::vector<fs::path>& files) {
    checkServer(s);
    if (s.protocol == PacsProtocol::Dimse) net::storeFiles(s.peer, files);
    else net::storeFiles(s.web, files);
}

fs::path defaultServersFile() {
    const char* config = std::getenv("XDG_CONFIG_HOME");
    fs::path base;
    if (config && *config) base = config;
    else if (const char* home = std::getenv("HOME"); home && *home) base = fs::path(home) / ".config";
    else throw IoError("neither XDG_CONFIG_HOME nor HOME is set: no place for the PACS server list");
    return base / "LSMS Viewer" / "pacs-servers.json";
}

namespace {

PacsServer fromJson(const json& j) {
    PacsServer s;
    s.name = j.at("name").get<std::string>();
    const std::string protocol = j.at("protocol").get<std::string>();
    if (protocol == "dimse") s.protocol = PacsProtocol::Dimse;
    else if (protocol == "dicomweb") s.protocol = PacsProtocol::DicomWeb;
    else throw InputError("server \"" + s.name + "\": unknown protocol \"" + protocol + "\" (dimse or dicomweb)");
    if (s.protocol == PacsProtocol::Dimse) {
        s.peer.host = j.at("host").get<std::string>();
        s.peer.port = j.at("port").get<int>();
        s.peer.calledAe = j.at("called_ae").get<std::string>();
        s.peer.callingAe = j.at("calling_ae").get<std::string>();
        const std::string method = j.value("retrieve", std::string("c-get"));
        if (method == "c-get") s.retrieve = RetrieveMethod::CGet;
        else if (method == "c-move") s.retrieve = RetrieveMethod::CMove;
        else throw InputError("server \"" + s.name + "\": unknown retrieve method \"" + method + "\" (c-get or c-move)");
        s.moveListenPort = j.value("move_listen_port", 11112);
        s.peer.tls = j.value("tls", false);
        s.peer.tlsCaFile = j.value("tls_ca_file", std::string());
        s.peer.tlsCertificateFile = j.value("tls_certificate_file", std::string());
        s.peer.tlsKeyFile = j.value("tls_key_file", std::string());
    } else {
        s.web.url = j.at("url").get<std::string>();
        s.web.user = j.value("user", std::string());
        s.web.caFile = j.value("ca_file", std::string());
    }
    s.peer.timeoutSeconds = s.web.timeoutSeconds = j.value("timeout_seconds", 30);
    checkServer(s);
    return s;
}

json toJson(const PacsServer& s) {
    json j{{"name", s.name}, {"timeout_seconds", s.protocol == PacsProtocol::Dimse ? s.peer.timeoutSeconds : s.web.timeoutSeconds}};
    if (s.protocol == PacsProtocol::Dimse) {
        j["protocol"] = "dimse";
        j["host"] = s.peer.host;
        j["port"] = s.peer.port;
        j["called_ae"] = s.peer.calledAe;
        j["calling_ae"] = s.peer.callingAe;
        j["retrieve"] = s.retrieve == RetrieveMethod::CMove ? "c-move" : "c-get";
        j["move_listen_port"] = s.moveListenPort;
        if (s.peer.tls) {
            j["tls"] = true;
            j["tls_ca_file"] = s.peer.tlsCaFile;
            j["tls_certificate_file"] = s.peer.tlsCertificateFile;
            j["tls_key_file"] = s.peer.tlsKeyFile;
        }
    } else {
        j["protocol"] = "dicomweb";
        j["url"] = s.web.url;
        if (!s.web.user.empty()) j["user"] = s.web.user;
        if (!s.web.caFile.empty()) j["ca_file"] = s.web.caFile;
    }
    return j;
}

}  // namespace

std::vector<PacsServer> loadServers(const fs::path& file) {
    std::error_code ec;
    if (!fs::exists(file, ec)) return {};
    std::ifstream in(file, std::ios::binary);
    if (!in) throw IoError("cannot read the PACS server list " + file.string());
    std::vector<PacsServer> servers;
    try {
        const json doc = json::parse(in);
        if (doc.value("version", 0) != 1)
            throw InputError("version " + std::to_string(doc.value("version", 0)) + " is not one this program reads (1)");
        std::set<std::string> names;
        for (const json& j : doc.at("servers")) {
            servers.push_back(fromJson(j));
            if (!names.insert(servers.back().name).second) throw InputError("two servers are named \"" + servers.back().name + "\"");
        }
    } catch (const json::exception& e) {
        throw InputError("the PACS server list " + file.string() + " is damaged (" + e.what() + "); it was left as it is");
    } catch (const InputError& e) {
        throw InputError("the PACS server list " + file.string() + ": " + e.what() + "; it was left as it is");
    }
    return servers;
}

void saveServers(const fs::path& file, const std::vector<PacsServer>& servers) {
    std::set<std::string> names;
    json list = json::array();
    for (const auto& s : servers) {
        checkServer(s);
        if (!names.insert(s.name).second) throw InputError("two servers are named \"" + s.name + "\"");
        list.push_back(toJson(s));
    }
    const json doc{{"version", 1}, {"servers", list}};
    AtomicWriteOptions options;
    options.ownerOnly = true;
    options.createFolder = true;
    writeFileAtomically(file, doc.dump(2) + "\n", options);
}

}  // namespace lsms::workflow
