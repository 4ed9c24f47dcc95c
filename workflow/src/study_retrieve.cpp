#include "lsms/workflow/study_retrieve.h"

#include "lsms/core/error.h"

#include <algorithm>

namespace lsms::workflow {
namespace fs = std::filesystem;

bool isDicomUid(const std::string& uid) {
    return !uid.empty() && uid.size() <= 64 && uid.front() != '.' && uid.back() != '.' &&
           std::all_of(uid.begin(), uid.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

RetrievedStudy retrieveIntoStudyList(const PacsServer& server, net::StudyList& list, const std::string& study,
                                     const std::string& series, const net::RetrieveProgress& progress) {
    if (!isDicomUid(study)) throw InputError("\"" + study + "\" is not a Study Instance UID (digits and dots, at most 64)");
    if (!series.empty() && !isDicomUid(series))
        throw InputError("\"" + series + "\" is not a Series Instance UID (digits and dots, at most 64)");
    RetrievedStudy r;
    r.folder = list.managedFolder() / study;
    try {
        r.result = retrieve(server, study, series, r.folder, progress);
    } catch (const net::PacsError&) {
        std::error_code ec;
        if (fs::is_directory(r.folder, ec)) list.importPath(r.folder);
        throw;
    }
    if (!r.result.files.empty()) r.index = list.importPath(r.folder);
    return r;
}

net::StudyList openStudyList(const fs::path& databaseFile) {
    const fs::path data = net::defaultDataFolder();
    return net::StudyList(databaseFile.empty() ? data / "studies.sqlite" : databaseFile, data / "retrieved");
}

}  // namespace lsms::workflow
