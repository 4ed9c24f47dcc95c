#pragma once
// A real Orthanc for the PACS tests: started by the test on free loopback
// ports with a generated configuration in a private folder, stopped and
// removed when the object goes. No system service, nothing left running.
#include "lsms/net/pacs.h"

#include <sys/types.h>

#include <filesystem>
#include <string>

namespace lsms::test {

// A CA, a server certificate it signed for 127.0.0.1 and localhost, and a
// second CA that signed nothing here; PEM files in `dir`, made with openssl.
struct TestCertificates {
    std::filesystem::path ca, serverCertificate, serverKey, serverCertificateAndKey, otherCa;
};
TestCertificates makeTestCertificates(const std::filesystem::path& dir);

class OrthancServer {
public:
    // Throws std::runtime_error if it does not come up within 30 s. With
    // `dicomWeb` the DICOMweb plugin (package orthanc-dicomweb) is loaded.
    // With `tls` (certificates made by makeTestCertificates) it speaks DICOM
    // TLS on its DICOM port, and peer() says so.
    explicit OrthancServer(bool dicomWeb = false, const TestCertificates* tls = nullptr);
    ~OrthancServer();
    OrthancServer(const OrthancServer&) = delete;
    OrthancServer& operator=(const OrthancServer&) = delete;

    net::PacsPeer peer() const;  // AE ORTHANC, our AE LSMS
    int dicomPort() const { return dicomPort_; }
    int httpPort() const { return httpPort_; }
    int movePort() const { return movePort_; }
    std::string webUrl() const;  // the DICOMweb root, with dicomWeb  // where Orthanc sends a C-MOVE to AE LSMS
    const std::filesystem::path& folder() const { return dir_; }
    // Stops it at once (SIGKILL), as a PACS that goes away mid-transfer.
    void kill();

private:
    void start();
    std::filesystem::path dir_;
    int dicomPort_ = 0, httpPort_ = 0, movePort_ = 0;
    pid_t pid_ = -1;
    bool dicomWeb_ = false;
    const TestCertificates* tls_ = nullptr;
};

// HTTPS with the server certificate of `certs` on a free loopback port, in
// front of the plain HTTP server on `targetPort` (tests/pacs/https_proxy.py).
class HttpsProxy {
public:
    HttpsProxy(const TestCertificates& certs, int targetPort);
    ~HttpsProxy();
    HttpsProxy(const HttpsProxy&) = delete;
    HttpsProxy& operator=(const HttpsProxy&) = delete;
    std::string url() const;  // https://127.0.0.1:PORT/dicom-web

private:
    int port_ = 0;
    pid_t pid_ = -1;
};

// Sends the DICOM files under `dir` to `pacs` with DCMTK's storescu, as
// another modality would; throws std::runtime_error with its output if it fails.
void sendWithStorescu(const OrthancServer& pacs, const std::filesystem::path& dir);

// A loopback TCP port nobody listens on now.
int freePort();

}  // namespace lsms::test
