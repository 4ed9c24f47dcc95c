#include "orthanc_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace fs = std::filesystem;

namespace lsms::test {

int freePort() {
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof a;
    if (s < 0 || ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) != 0)
        throw std::runtime_error("no free port");
    const int port = ntohs(a.sin_port);
    ::close(s);
    return port;
}

OrthancServer::OrthancServer(bool dicomWeb) : dicomWeb_(dicomWeb) {
    std::string pattern = (fs::temp_directory_path() / "lsms-orthanc-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("cannot make a folder for Orthanc");
    dir_ = pattern;
    start();
}

void OrthancServer::start() {
    dicomPort_ = freePort();
    httpPort_ = freePort();
    movePort_ = freePort();
    std::ofstream(dir_ / "orthanc.json")
        << "{\n"
        << "  \"Name\": \"lsms-test\",\n"
        << "  \"StorageDirectory\": \"" << (dir_ / "storage").string() << "\",\n"
        << "  \"IndexDirectory\": \"" << (dir_ / "index").string() << "\",\n"
        << "  \"DicomAet\": \"ORTHANC\",\n"
        << "  \"DicomPort\": " << dicomPort_ << ",\n"
        << "  \"HttpPort\": " << httpPort_ << ",\n"
        << "  \"RemoteAccessAllowed\": false,\n"
        << "  \"AuthenticationEnabled\": false,\n"
        << "  \"DicomCheckCalledAet\": true,\n"
        << "  \"DicomCheckModalityHost\": false,\n"
        << "  \"DicomModalities\": { \"lsms\": [ \"LSMS\", \"127.0.0.1\", " << movePort_ << " ] },\n"
        << "  \"DicomScpTimeout\": 30,\n"
        << (dicomWeb_ ? "  \"Plugins\": [ \"/usr/share/orthanc/plugins/libOrthancDicomWeb.so\" ],\n"
                        "  \"DicomWeb\": { \"Enable\": true, \"Root\": \"/dicom-web/\" }\n"
                      : "  \"Plugins\": [ ]\n")
        << "}\n";
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("cannot start Orthanc");
    if (pid_ == 0) {
        const std::string log = (dir_ / "orthanc.log").string(), config = (dir_ / "orthanc.json").string();
        std::freopen(log.c_str(), "w", stdout);
        std::freopen(log.c_str(), "a", stderr);
        const char* exe = std::getenv("LSMS_ORTHANC");
        ::execl(exe ? exe : LSMS_ORTHANC_EXECUTABLE, "Orthanc", config.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < until) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("Orthanc exited at start; see " + (dir_ / "orthanc.log").string());
        }
        try {
            auto p = peer();
            p.timeoutSeconds = 2;
            net::echo(p);
            return;
        } catch (const net::PacsError&) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
    }
    kill();
    throw std::runtime_error("Orthanc did not answer C-ECHO within 30 s; see " + (dir_ / "orthanc.log").string());
}

std::string OrthancServer::webUrl() const { return "http://127.0.0.1:" + std::to_string(httpPort_) + "/dicom-web"; }

net::PacsPeer OrthancServer::peer() const {
    net::PacsPeer p;
    p.host = "127.0.0.1";
    p.port = dicomPort_;
    p.calledAe = "ORTHANC";
    p.callingAe = "LSMS";
    p.timeoutSeconds = 20;
    return p;
}

void OrthancServer::kill() {
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }
}

OrthancServer::~OrthancServer() {
    if (pid_ > 0) {
        ::kill(pid_, SIGTERM);
        for (int i = 0; i < 50 && pid_ > 0; ++i) {
            if (::waitpid(pid_, nullptr, WNOHANG) == pid_) pid_ = -1;
            else std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        kill();
    }
    std::error_code ec;
    fs::remove_all(dir_, ec);
}

}  // namespace lsms::test
