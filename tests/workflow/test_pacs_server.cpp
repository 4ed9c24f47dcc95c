// The reader's PACS server list: what is saved comes back, passwords never
// reach the file, a damaged list is refused by name and left alone, and a
// wrong field is named before anything is sent.
#include "lsms/core/error.h"
#include "lsms/workflow/pacs_server.h"
#include "lsms/workflow/study_retrieve.h"
#include "support/series_fixture.h"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fstream>
#include <sstream>

using namespace lsms;
using namespace lsms::workflow;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& f) {
    std::ifstream in(f);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<PacsServer> twoServers() {
    PacsServer dimse;
    dimse.name = "Hospital PACS";
    dimse.peer.host = "pacs.example.org";
    dimse.peer.port = 11112;
    dimse.peer.calledAe = "HOSPITAL";
    dimse.peer.callingAe = "READING1";
    dimse.peer.timeoutSeconds = 12;
    dimse.retrieve = RetrieveMethod::CMove;
    dimse.moveListenPort = 4242;
    PacsServer secure = dimse;
    secure.name = "Hospital PACS over TLS";
    secure.retrieve = RetrieveMethod::CGet;
    secure.peer.tls = true;
    secure.peer.tlsCaFile = "/etc/pacs/ca.pem";
    secure.peer.tlsCertificateFile = "/etc/pacs/reader.pem";
    secure.peer.tlsKeyFile = "/etc/pacs/reader.key";
    PacsServer web;
    web.name = "Research archive";
    web.protocol = PacsProtocol::DicomWeb;
    web.web.url = "https://archive.example.org/dicom-web";
    web.web.user = "reader";
    web.web.password = "s3cret-pass";
    web.web.bearerToken = "tok-abc";
    web.web.caFile = "/etc/pacs/web-ca.pem";
    return {dimse, web, secure};
}

}  // namespace

TEST_CASE("a saved PACS server list comes back as it was, without its passwords, readable by the user only",
          "[workflow][pacs]") {
    test::TempDir dir("pacs-servers");
    const fs::path file = dir.path() / "config" / "pacs-servers.json";
    CHECK(loadServers(file).empty());  // nothing set up yet
    saveServers(file, twoServers());
    struct stat st {};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 0077) == 0);
    const std::string text = slurp(file);
    CHECK(text.find("s3cret-pass") == std::string::npos);
    CHECK(text.find("tok-abc") == std::string::npos);

    const auto back = loadServers(file);
    REQUIRE(back.size() == 3);
    CHECK(back[0].name == "Hospital PACS");
    CHECK(back[0].protocol == PacsProtocol::Dimse);
    CHECK(back[0].peer.host == "pacs.example.org");
    CHECK(back[0].peer.port == 11112);
    CHECK(back[0].peer.calledAe == "HOSPITAL");
    CHECK(back[0].peer.callingAe == "READING1");
    CHECK(back[0].peer.timeoutSeconds == 12);
    CHECK(back[0].retrieve == RetrieveMethod::CMove);
    CHECK(back[0].moveListenPort == 4242);
    CHECK(back[1].protocol == PacsProtocol::DicomWeb);
    CHECK(back[1].web.url == "https://archive.example.org/dicom-web");
    CHECK(back[1].web.user == "reader");
    CHECK(back[1].web.password.empty());
    CHECK(back[1].web.bearerToken.empty());
    CHECK(back[1].web.caFile == "/etc/pacs/web-ca.pem");
    CHECK_FALSE(back[0].peer.tls);
    CHECK(back[2].peer.tls);
    CHECK(back[2].peer.tlsCaFile == "/etc/pacs/ca.pem");
    CHECK(back[2].peer.tlsCertificateFile == "/etc/pacs/reader.pem");
    CHECK(back[2].peer.tlsKeyFile == "/etc/pacs/reader.key");
}

TEST_CASE("a damaged or foreign PACS server list is refused by name and left as it is", "[workflow][pacs]") {
    test::TempDir dir("pacs-servers-bad");
    const fs::path file = dir.path() / "pacs-servers.json";
    auto refused = [&](const std::string& content, const std::string& why) {
        std::ofstream(file) << content;
        INFO(content);
        CHECK_THROWS_AS(loadServers(file), InputError);
        CHECK_THROWS_WITH(loadServers(file), Contains(file.string()) && Contains(why));
        CHECK(slurp(file) == content);
    };
    refused("{\"version\": 1, \"servers\": [", "damaged");
    refused("{\"version\": 7, \"servers\": []}", "version 7");
    refused("{\"version\": 1, \"servers\": [{\"name\": \"a\", \"protocol\": \"ftp\"}]}", "unknown protocol");
    refused("{\"version\": 1, \"servers\": [{\"name\": \"a\", \"protocol\": \"dimse\", \"host\": \"h\", \"port\": 70000, "
            "\"called_ae\": \"X\", \"calling_ae\": \"Y\"}]}",
            "70000");
    refused("{\"version\": 1, \"servers\": [{\"name\": \"a\", \"protocol\": \"dicomweb\", \"url\": \"x\"},"
            "{\"name\": \"a\", \"protocol\": \"dicomweb\", \"url\": \"http://h\"}]}",
            "http://");
    refused("{\"version\": 1, \"servers\": [{\"name\": \"a\", \"protocol\": \"dicomweb\", \"url\": \"http://h\"},"
            "{\"name\": \"a\", \"protocol\": \"dicomweb\", \"url\": \"http://h\"}]}",
            "two servers are named");
}

TEST_CASE("a PACS server with a wrong field is refused before anything is sent, naming the field", "[workflow][pacs]") {
    PacsServer s = twoServers()[0];
    CHECK_NOTHROW(checkServer(s));
    auto refused = [](const PacsServer& bad, const std::string& why) {
        CHECK_THROWS_AS(checkServer(bad), InputError);
        CHECK_THROWS_WITH(checkServer(bad), Contains(why));
        CHECK_THROWS_WITH(testConnection(bad), Contains(why));
    };
    PacsServer bad = s;
    bad.name.clear();
    refused(bad, "needs a name");
    bad = s;
    bad.peer.host.clear();
    refused(bad, "host is empty");
    bad = s;
    bad.peer.calledAe = "AN-AE-TITLE-OF-17";
    refused(bad, "PACS's AE title");
    bad = s;
    bad.peer.callingAe = "A\\B";
    refused(bad, "viewer's AE title");
    bad = s;
    bad.moveListenPort = 0;
    refused(bad, "C-MOVE listening port");
    bad = twoServers()[2];
    bad.retrieve = RetrieveMethod::CMove;
    refused(bad, "C-MOVE over TLS");
    bad = twoServers()[1];
    bad.web.url = "archive.example.org";
    refused(bad, "http:// or https://");
    // Saving a wrong server writes nothing.
    test::TempDir dir("pacs-servers-wrong");
    CHECK_THROWS_AS(saveServers(dir.path() / "s.json", {bad}), InputError);
    CHECK_FALSE(fs::exists(dir.path() / "s.json"));
}

TEST_CASE("only DICOM UIDs name folders in the managed folder", "[workflow][pacs]") {
    CHECK(isDicomUid("1.2.840.10008.1.1"));
    CHECK_FALSE(isDicomUid(""));
    CHECK_FALSE(isDicomUid("../../etc"));
    CHECK_FALSE(isDicomUid("1.2/3"));
    CHECK_FALSE(isDicomUid(".1.2"));
    CHECK_FALSE(isDicomUid(std::string(65, '1')));
}
