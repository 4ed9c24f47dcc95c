#include "instance_files.h"

#include "lsms/net/pacs.h"

namespace lsms::net::detail {

void prepareRetrieve(const std::string& studyInstanceUid, const std::filesystem::path& outDir) {
    if (studyInstanceUid.empty()) throw PacsError("a retrieve needs the study's Instance UID");
    std::error_code ec;
    std::filesystem::create_directories(outDir, ec);
    if (ec) throw IoError("cannot make the folder " + outDir.string() + ": " + ec.message());
}

std::string arrivedText(std::size_t files, const std::filesystem::path& outDir) {
    return std::to_string(files) + " instance(s) arrived and are kept in " + outDir.string();
}

std::string nothingMatched(const std::string& server, const std::string& studyUid, const std::string& seriesUid) {
    return server + " has no instance of " + (seriesUid.empty() ? "study " + studyUid : "series " + seriesUid);
}

}  // namespace lsms::net::detail
