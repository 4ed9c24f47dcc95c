#include "orthanc_server.h"

#include "support/run_command.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
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

void sendWithStorescu(const OrthancServer& pacs, const fs::path& dir) {
    int status = 0;
    const std::string out =
        run("storescu -aet MODALITY -aec ORTHANC +sd 127.0.0.1 " + std::to_string(pacs.dicomPort()) + " '" + dir.string() + "'", &status);
    if (status != 0) throw std::runtime_error("storescu failed: " + out);
}

TestCertificates makeTestCertificates(const fs::path& dir) {
    fs::create_directories(dir);
    const std::string d = "'" + dir.string() + "/";
    std::ofstream(dir / "server.ext") << "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                                         "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\n";
    const std::string script =
        "set -e; cd " + d + "'; "
        "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj '/CN=LSMS test CA'; "
        "openssl req -x509 -newkey rsa:2048 -nodes -keyout other-ca.key -out other-ca.pem -days 2 -subj '/CN=Some other CA'; "
        "openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj '/CN=127.0.0.1'; "
        "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile server.ext; "
        "cat server.pem server.key > server-and-key.pem";
    const std::string command = "sh -c \"" + script + "\" > '" + (dir / "openssl.log").string() + "' 2>&1";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("openssl could not make test certificates; see " + (dir / "openssl.log").string());
    return {dir / "ca.pem", dir / "server.pem", dir / "server.key", dir / "server-and-key.pem", dir / "other-ca.pem"};
}

OrthancServer::OrthancServer(bool dicomWeb, const TestCertificates* tls) : dicomWeb_(dicomWeb), tls_(tls) {
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
        << (tls_ ? "  \"DicomTlsEnabled\": true,\n"
                   "  \"DicomTlsCertificate\": \"" + tls_->serverCertificate.string() + "\",\n"
                   "  \"DicomTlsPrivateKey\": \"" + tls_->serverKey.string() + "\",\n"
                   "  \"DicomTlsTrustedCertificates\": \"" + tls_->ca.string() + "\",\n"
                   "  \"DicomTlsRemoteCertificateRequired\": false,\n"
                 : std::string())
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
    // The folder goes with the object: the log's end is kept in the message.
    std::ifstream log(dir_ / "orthanc.log");
    std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
    if (text.size() > 2000) text = text.substr(text.size() - 2000);
    throw std::runtime_error("Orthanc did not answer C-ECHO within 30 s; its log ends:\n" + text);
}

std::string OrthancServer::webUrl() const { return "http://127.0.0.1:" + std::to_string(httpPort_) + "/dicom-web"; }

HttpsProxy::HttpsProxy(const TestCertificates& certs, int targetPort) : port_(freePort()) {
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("cannot start the HTTPS proxy");
    if (pid_ == 0) {
        const std::string port = std::to_string(port_), target = std::to_string(targetPort);
        ::execl("/usr/bin/python3", "python3", LSMS_HTTPS_PROXY, certs.serverCertificate.c_str(), certs.serverKey.c_str(), port.c_str(),
                target.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < until) {
        const int s = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(std::uint16_t(port_));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        const bool up = ::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
        ::close(s);
        if (up) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    throw std::runtime_error("the HTTPS proxy did not listen within 20 s");
}

HttpsProxy::~HttpsProxy() {
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
}

std::string HttpsProxy::url() const { return "https://127.0.0.1:" + std::to_string(port_) + "/dicom-web"; }

net::PacsPeer OrthancServer::peer() const {
    net::PacsPeer p;
    p.host = "127.0.0.1";
    p.port = dicomPort_;
    p.calledAe = "ORTHANC";
    p.callingAe = "LSMS";
    p.timeoutSeconds = 20;
    if (tls_) {
        p.tls = true;
        p.tlsCaFile = tls_->ca.string();
    }
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
