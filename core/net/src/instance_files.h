#pragma once
// Where a retrieved instance goes: `<SOPInstanceUID>.dcm` in the output
// folder, for a UID of digits and dots only, so that nothing a PACS sends can
// name a path outside the folder.
#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace lsms::net::detail {

inline bool safeUid(const std::string& uid) {
    return !uid.empty() && uid.size() <= 64 && uid.front() != '.' &&
           std::all_of(uid.begin(), uid.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

inline std::filesystem::path instanceFile(const std::filesystem::path& outDir, const std::string& uid) {
    return outDir / (uid + ".dcm");
}

// Checks the study UID and makes the output folder of a retrieve.
void prepareRetrieve(const std::string& studyInstanceUid, const std::filesystem::path& outDir);

// "3 instance(s) arrived and are kept in DIR", for errors that end a retrieve.
std::string arrivedText(std::size_t files, const std::filesystem::path& outDir);

// "the PACS X has no instance of study UID" (or of series UID).
std::string nothingMatched(const std::string& server, const std::string& studyUid, const std::string& seriesUid);

// The SOP classes accepted when a PACS sends instances back (C-GET, C-MOVE):
// what a liver study holds, and what this program or its peers write into it.
// An instance of another class is reported as failed by the PACS and counted.
const std::vector<const char*>& storageClasses();

}  // namespace lsms::net::detail
