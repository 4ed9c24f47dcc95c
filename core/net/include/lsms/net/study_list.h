#pragma once
// The local study list: every series imported from disk or retrieved from a
// PACS, indexed in SQLite by patient, study and series, searchable, each
// instance once by its SOP Instance UID. Retrieved files live in one managed
// folder (never in the user's own folders); series imported from disk are
// indexed where they are. A damaged database is set aside and rebuilt from
// the managed folder, never silently emptied.
#include "lsms/net/pacs.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace lsms::net {

// Where the viewer keeps its data: $XDG_DATA_HOME (or ~/.local/share) /
// "LSMS Viewer", as Qt's AppLocalDataLocation names it. The study list is
// studies.sqlite there, retrieved files under retrieved/.
std::filesystem::path defaultDataFolder();

struct StudyListEntry {
    StudyRecord study;
    std::vector<SeriesRecord> series;
};

// What the program wrote for a series: a session (.lsms), a DICOM-SEG, a
// measurement report (SR/CSV).
enum class OutputKind { Session, Seg, Report };

struct OutputRecord {
    OutputKind kind = OutputKind::Session;
    std::filesystem::path path;
    std::string written;  // UTC, ISO 8601
    bool exists = false;  // the file is still there
};

struct ImportReport {
    std::size_t instancesAdded = 0;
    std::size_t duplicates = 0;  // already listed under the same SOP Instance UID
    std::vector<std::string> warnings;  // the scan's: unreadable files, non-image objects, ...
};

class StudyList {
public:
    static constexpr int kSchemaVersion = 2;  // 2: outputs

    // Opens or creates `databaseFile`; `managedFolder` holds retrieved files.
    // Throws IoError if it cannot, InputError for a list made by a newer
    // version (left as it is). A damaged file is renamed <file>.damaged-N,
    // rebuilt from the managed folder, and said so in warnings().
    StudyList(const std::filesystem::path& databaseFile, const std::filesystem::path& managedFolder);
    ~StudyList();
    StudyList(StudyList&&) noexcept;
    StudyList& operator=(StudyList&&) noexcept;
    StudyList(const StudyList&) = delete;
    StudyList& operator=(const StudyList&) = delete;

    const std::vector<std::string>& warnings() const;
    const std::filesystem::path& managedFolder() const;

    // Indexes the DICOM series under `path` (a folder, DICOMDIR or file).
    ImportReport importPath(const std::filesystem::path& path);
    // Studies matching the query (the same keys as a PACS search; names and
    // descriptions match case-blind on parts, * as wildcard), newest first.
    std::vector<StudyListEntry> search(const StudyQuery& query) const;
    // The files of one series, in no particular order.
    std::vector<std::filesystem::path> files(const std::string& seriesInstanceUid) const;
    // The program's own sessions, SEGs and reports of a series: recorded when
    // written (the same path again replaces its record), newest first.
    void addOutput(const std::string& seriesInstanceUid, OutputKind kind, const std::filesystem::path& file);
    std::vector<OutputRecord> outputs(const std::string& seriesInstanceUid) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace lsms::net
