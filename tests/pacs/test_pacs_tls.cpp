// DICOM TLS and HTTPS against a real Orthanc that speaks only TLS, with
// certificates the test makes: a study goes in by C-STORE, is found and
// retrieved by C-GET and over HTTPS voxel for voxel; a plain connection, a
// certificate from another CA and C-MOVE over TLS are refused in one line.
#include "orthanc_server.h"

#include "lsms/core/error.h"
#include "lsms/io/dicom_series.h"
#include "lsms/net/dicomweb.h"
#include "lsms/net/pacs.h"
#include "support/series_fixture.h"

#include <catch2/catch.hpp>

using namespace lsms;
using namespace lsms::test;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

TEST_CASE("over DICOM TLS and HTTPS a study is stored, found and retrieved, and unverified connections are refused",
          "[pacs][orthanc][tls]") {
    TempDir certDir("pacs-tls-certs"), sent("pacs-tls-sent"), got("pacs-tls-got"), web("pacs-tls-web");
    const TestCertificates certs = makeTestCertificates(certDir.path());
    OrthancServer pacs(true, &certs);
    const net::PacsPeer peer = pacs.peer();
    REQUIRE(peer.tls);

    const auto files = writeSeries(patternVolume(axialGeometry(16, 12, 4)), testMetadata("pacs-tls"), sent.path());
    const SeriesInfo original = scanDicom(sent.path()).series.at(0);
    net::storeFiles(peer, files);
    net::echo(peer);
    net::StudyQuery q;
    q.patientId = original.metadata.patientId;
    const auto found = net::findStudies(peer, q);
    REQUIRE(found.studies.size() == 1);
    const auto r = net::getInstances(peer, original.metadata.studyInstanceUid, "", got.path());
    CHECK(r.complete());
    CHECK(loadSeries(scanDicom(got.path()).series.at(0)).data == loadSeries(original).data);

    // HTTPS, the server checked against the test CA.
    HttpsProxy proxy(certs, pacs.httpPort());
    net::WebServer https;
    https.url = proxy.url();
    REQUIRE(https.url.rfind("https://", 0) == 0);
    https.caFile = certs.ca.string();
    REQUIRE(net::findStudies(https, q).studies.size() == 1);
    const auto w = net::retrieveInstances(https, original.metadata.studyInstanceUid, "", web.path());
    CHECK(w.files.size() == 4);
    CHECK(loadSeries(scanDicom(web.path()).series.at(0)).data == loadSeries(original).data);

    SECTION("a plain association to the TLS port is refused") {
        net::PacsPeer plain = peer;
        plain.tls = false;
        plain.timeoutSeconds = 5;
        CHECK_THROWS_AS(net::echo(plain), net::PacsError);
        CHECK_THROWS_WITH(net::echo(plain), Contains("if it speaks DICOM TLS on this port, turn TLS on"));
    }
    SECTION("a PACS whose certificate another CA signed is not trusted") {
        net::PacsPeer other = peer;
        other.tlsCaFile = certs.otherCa.string();
        CHECK_THROWS_WITH(net::echo(other), Contains("TLS handshake with the PACS ORTHANC") && Contains(certs.otherCa.string()));
        https.caFile = certs.otherCa.string();
        CHECK_THROWS_WITH(net::findStudies(https, q), Contains("could not be verified over HTTPS") && Contains(certs.otherCa.string()));
        https.caFile.clear();  // the system's CAs do not know the test CA either
        CHECK_THROWS_WITH(net::findStudies(https, q), Contains("not signed by a CA this system trusts"));
    }
    SECTION("a missing CA file, a key without its certificate and C-MOVE over TLS are refused before connecting") {
        net::PacsPeer bad = peer;
        bad.tlsCaFile = (certDir.path() / "no-such-ca.pem").string();
        CHECK_THROWS_WITH(net::echo(bad), Contains("cannot read the TLS CA file") && Contains("no-such-ca.pem"));
        bad = peer;
        bad.tlsKeyFile = certs.serverKey.string();
        CHECK_THROWS_WITH(net::echo(bad), Contains("needs its key file, and a key its certificate"));
        CHECK_THROWS_WITH(net::moveInstances(peer, original.metadata.studyInstanceUid, "", pacs.movePort(), got.path()),
                          Contains("C-MOVE over TLS is not supported"));
    }
}
