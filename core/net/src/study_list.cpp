#include "lsms/net/study_list.h"

#include "lsms/io/dicom_series.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <chrono>
#include <ctime>
#include <set>

namespace fs = std::filesystem;

namespace lsms::net {

namespace {

// A prepared statement, finalised on scope exit; text bound in order.
class Statement {
public:
    Statement(sqlite3* db, const char* sql) : db_(db) {
        if (sqlite3_prepare_v2(db, sql, -1, &s_, nullptr) != SQLITE_OK)
            throw IoError(std::string("study list: ") + sqlite3_errmsg(db));
    }
    ~Statement() { sqlite3_finalize(s_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(const std::string& v) {
        sqlite3_bind_text(s_, ++n_, v.c_str(), int(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Statement& bind(long long v) {
        sqlite3_bind_int64(s_, ++n_, v);
        return *this;
    }
    bool step() {
        const int rc = sqlite3_step(s_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        throw IoError(std::string("study list: ") + sqlite3_errmsg(db_));
    }
    std::string text(int col) const {
        const auto* t = sqlite3_column_text(s_, col);
        return t ? reinterpret_cast<const char*>(t) : "";
    }
    long long integer(int col) const { return sqlite3_column_int64(s_, col); }
    int changes() const { return sqlite3_changes(db_); }

private:
    sqlite3* db_;
    sqlite3_stmt* s_ = nullptr;
    int n_ = 0;
};

void exec(sqlite3* db, const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        const std::string why = error ? error : "unknown error";
        sqlite3_free(error);
        throw IoError("study list: " + why);
    }
}

constexpr const char* kSchema = R"(
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS studies (study_uid TEXT PRIMARY KEY, patient_name TEXT, patient_id TEXT, birth_date TEXT,
  study_date TEXT, study_time TEXT, description TEXT, accession TEXT);
CREATE TABLE IF NOT EXISTS series (series_uid TEXT PRIMARY KEY, study_uid TEXT NOT NULL, modality TEXT, number INTEGER,
  description TEXT);
CREATE TABLE IF NOT EXISTS instances (sop_uid TEXT PRIMARY KEY, series_uid TEXT NOT NULL, path TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS instances_by_series ON instances (series_uid);
CREATE INDEX IF NOT EXISTS series_by_study ON series (study_uid);
CREATE TABLE IF NOT EXISTS outputs (path TEXT PRIMARY KEY, series_uid TEXT NOT NULL, kind TEXT NOT NULL, written TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS outputs_by_series ON outputs (series_uid);
)";

const char* kindName(OutputKind k) {
    switch (k) {
    case OutputKind::Session: return "session";
    case OutputKind::Seg: return "seg";
    case OutputKind::Report: return "report";
    }
    return "session";
}

OutputKind kindFrom(const std::string& s) {
    if (s == "seg") return OutputKind::Seg;
    if (s == "report") return OutputKind::Report;
    return OutputKind::Session;
}

// A search key as SQL LIKE: PACS wildcards * and ? become % and _.
std::string likePattern(const std::string& key) {
    std::string p;
    for (const char c : key) {
        if (c == '*') p += '%';
        else if (c == '?') p += '_';
        else if (c == '%' || c == '_' || c == '\\') p += std::string("\\") + c;
        else p += c;
    }
    return key.find_first_of("*?") == std::string::npos ? "%" + p + "%" : p;
}

}  // namespace

fs::path defaultDataFolder() {
    const char* xdg = std::getenv("XDG_DATA_HOME");
    if (xdg && *xdg == '/') return fs::path(xdg) / "LSMS Viewer";
    const char* home = std::getenv("HOME");
    if (!home || !*home) throw IoError("neither XDG_DATA_HOME nor HOME is set: no folder for the study list");
    return fs::path(home) / ".local" / "share" / "LSMS Viewer";
}

struct StudyList::Impl {
    fs::path file, managed;
    sqlite3* db = nullptr;
    std::vector<std::string> warnings;

    ~Impl() { close(); }
    void close() {
        if (db) sqlite3_close(db);
        db = nullptr;
    }

    // Opens and checks; false if the file is damaged (not a database, fails
    // the integrity check, or lacks the schema it claims).
    bool open(std::string& why) {
        if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
            const std::string reason = db ? sqlite3_errmsg(db) : "out of memory";
            close();
            throw IoError("cannot open the study list " + file.string() + ": " + reason);
        }
        sqlite3_busy_timeout(db, 5000);
        try {
            Statement check(db, "PRAGMA integrity_check");
            if (!check.step() || check.text(0) != "ok") {
                why = "integrity check: " + check.text(0);
                return false;
            }
            exec(db, kSchema);
        } catch (const IoError& e) {
            why = e.what();
            return false;
        }
        return true;
    }

    int schemaVersion() {
        Statement s(db, "SELECT value FROM meta WHERE key = 'schema_version'");
        return s.step() ? std::atoi(s.text(0).c_str()) : 0;
    }

    ImportReport import(const fs::path& path) {
        const ScanResult scan = scanDicom(path);
        ImportReport report;
        report.warnings = scan.warnings;
        exec(db, "BEGIN");
        try {
            for (const SeriesInfo& s : scan.series) {
                const auto& m = s.metadata;
                Statement(db, "INSERT OR IGNORE INTO studies VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                    .bind(m.studyInstanceUid).bind(m.patientName).bind(m.patientId).bind(m.patientBirthDate)
                    .bind(m.studyDate).bind(m.studyTime).bind(m.studyDescription).bind(m.accessionNumber)
                    .step();
                Statement(db, "INSERT OR IGNORE INTO series VALUES (?, ?, ?, ?, ?)")
                    .bind(m.seriesInstanceUid).bind(m.studyInstanceUid).bind(m.modality).bind((long long)m.seriesNumber)
                    .bind(m.seriesDescription)
                    .step();
                for (const SliceRef& slice : s.slices) {
                    if (slice.path.empty() || slice.sopInstanceUid.empty()) continue;
                    Statement add(db, "INSERT OR IGNORE INTO instances VALUES (?, ?, ?)");
                    add.bind(slice.sopInstanceUid).bind(m.seriesInstanceUid).bind(fs::absolute(slice.path).lexically_normal().string());
                    add.step();
                    if (add.changes() > 0) ++report.instancesAdded;
                    else ++report.duplicates;
                }
            }
            exec(db, "COMMIT");
        } catch (...) {
            exec(db, "ROLLBACK");
            throw;
        }
        return report;
    }
};

StudyList::StudyList(const fs::path& databaseFile, const fs::path& managedFolder) : impl_(std::make_unique<Impl>()) {
    impl_->file = databaseFile;
    impl_->managed = managedFolder;
    std::error_code ec;
    fs::create_directories(managedFolder, ec);
    if (ec) throw IoError("cannot make the folder " + managedFolder.string() + ": " + ec.message());
    if (databaseFile.has_parent_path()) fs::create_directories(databaseFile.parent_path(), ec);
    std::string why;
    if (!impl_->open(why)) {
        impl_->close();
        fs::path aside;
        for (int n = 1;; ++n) {
            aside = databaseFile;
            aside += ".damaged-" + std::to_string(n);
            if (!fs::exists(aside, ec)) break;
        }
        fs::rename(databaseFile, aside, ec);
        if (ec) throw IoError("the study list " + databaseFile.string() + " is damaged (" + why + ") and cannot be set aside: " + ec.message());
        if (!impl_->open(why)) throw IoError("cannot make a new study list " + databaseFile.string() + ": " + why);
        std::size_t rebuilt = 0;
        if (!fs::is_empty(managedFolder, ec)) {
            try {
                const auto report = impl_->import(managedFolder);
                rebuilt = report.instancesAdded;
            } catch (const InputError&) {
                // nothing loadable in the managed folder: an empty list is the truth
            }
        }
        impl_->warnings.push_back("the study list " + databaseFile.string() + " was damaged (" + why + "): it is kept as " +
                                  aside.string() + " and was rebuilt from " + managedFolder.string() + " (" +
                                  std::to_string(rebuilt) + " instance(s)); series imported from other folders must be imported again");
    }
    const int version = impl_->schemaVersion();
    if (version > kSchemaVersion) {
        impl_->close();
        throw InputError("the study list " + databaseFile.string() + " was made by a newer LSMS Viewer (schema " +
                         std::to_string(version) + ", this one reads " + std::to_string(kSchemaVersion) + "); it is left as it is");
    }
    // Version 1 lacked the outputs table, which the schema above has just added.
    if (version < kSchemaVersion)
        Statement(impl_->db, "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)").bind(std::to_string(kSchemaVersion)).step();
}

StudyList::~StudyList() = default;
StudyList::StudyList(StudyList&&) noexcept = default;
StudyList& StudyList::operator=(StudyList&&) noexcept = default;

const std::vector<std::string>& StudyList::warnings() const { return impl_->warnings; }
const fs::path& StudyList::managedFolder() const { return impl_->managed; }

ImportReport StudyList::importPath(const fs::path& path) { return impl_->import(path); }

std::vector<StudyListEntry> StudyList::search(const StudyQuery& q) const {
    std::string sql =
        "SELECT s.study_uid, s.patient_name, s.patient_id, s.birth_date, s.study_date, s.study_time, s.description, s.accession "
        "FROM studies s WHERE 1";
    std::vector<std::string> values;
    auto like = [&](const char* column, const std::string& key) {
        if (key.empty()) return;
        sql += std::string(" AND s.") + column + " LIKE ? ESCAPE '\\'";
        values.push_back(likePattern(key));
    };
    like("patient_name", q.patientName);
    like("description", q.description);
    if (!q.patientId.empty()) sql += " AND s.patient_id = ?", values.push_back(q.patientId);
    if (!q.studyInstanceUid.empty()) sql += " AND s.study_uid = ?", values.push_back(q.studyInstanceUid);
    if (!q.accessionNumber.empty()) sql += " AND s.accession = ?", values.push_back(q.accessionNumber);
    if (!q.modality.empty())
        sql += " AND EXISTS (SELECT 1 FROM series x WHERE x.study_uid = s.study_uid AND x.modality = ?)", values.push_back(q.modality);
    if (!q.date.empty()) {
        const auto dash = q.date.find('-');
        const std::string from = dash == std::string::npos ? q.date : q.date.substr(0, dash);
        const std::string to = dash == std::string::npos ? q.date : q.date.substr(dash + 1);
        if (!from.empty()) sql += " AND s.study_date >= ?", values.push_back(from);
        if (!to.empty()) sql += " AND s.study_date <= ?", values.push_back(to);
    }
    sql += " ORDER BY s.study_date DESC, s.study_time DESC LIMIT ?";
    Statement s(impl_->db, sql.c_str());
    for (const auto& v : values) s.bind(v);
    s.bind((long long)q.limit);
    std::vector<StudyListEntry> out;
    while (s.step()) {
        StudyListEntry e;
        e.study.studyInstanceUid = s.text(0);
        e.study.patientName = s.text(1);
        e.study.patientId = s.text(2);
        e.study.patientBirthDate = s.text(3);
        e.study.studyDate = s.text(4);
        e.study.studyTime = s.text(5);
        e.study.description = s.text(6);
        e.study.accessionNumber = s.text(7);
        out.push_back(std::move(e));
    }
    for (auto& e : out) {
        Statement series(impl_->db,
                         "SELECT x.series_uid, x.modality, x.number, x.description, "
                         "(SELECT COUNT(*) FROM instances i WHERE i.series_uid = x.series_uid) "
                         "FROM series x WHERE x.study_uid = ? ORDER BY x.number");
        series.bind(e.study.studyInstanceUid);
        std::set<std::string> modalities;
        while (series.step()) {
            SeriesRecord r;
            r.studyInstanceUid = e.study.studyInstanceUid;
            r.seriesInstanceUid = series.text(0);
            r.modality = series.text(1);
            r.seriesNumber = int(series.integer(2));
            r.description = series.text(3);
            r.instanceCount = int(series.integer(4));
            modalities.insert(r.modality);
            e.study.instanceCount += r.instanceCount;
            e.series.push_back(std::move(r));
        }
        e.study.seriesCount = int(e.series.size());
        for (const auto& m : modalities) e.study.modalities += (e.study.modalities.empty() ? "" : "\\") + m;
    }
    return out;
}

void StudyList::addOutput(const std::string& seriesUid, OutputKind kind, const fs::path& file) {
    if (seriesUid.empty()) throw InputError("an output needs the Series Instance UID it was made on");
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    char stamp[32];
    std::tm utc{};
    gmtime_r(&now, &utc);
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &utc);
    Statement(impl_->db, "INSERT OR REPLACE INTO outputs VALUES (?, ?, ?, ?)")
        .bind(fs::absolute(file).lexically_normal().string()).bind(seriesUid).bind(kindName(kind)).bind(stamp)
        .step();
}

std::vector<OutputRecord> StudyList::outputs(const std::string& seriesUid) const {
    Statement s(impl_->db, "SELECT path, kind, written FROM outputs WHERE series_uid = ? ORDER BY written DESC, path");
    s.bind(seriesUid);
    std::vector<OutputRecord> out;
    while (s.step()) {
        OutputRecord r;
        r.path = s.text(0);
        r.kind = kindFrom(s.text(1));
        r.written = s.text(2);
        std::error_code ec;
        r.exists = fs::is_regular_file(r.path, ec);
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<fs::path> StudyList::files(const std::string& seriesUid) const {
    Statement s(impl_->db, "SELECT path FROM instances WHERE series_uid = ?");
    s.bind(seriesUid);
    std::vector<fs::path> out;
    while (s.step()) out.emplace_back(s.text(0));
    return out;
}

}  // namespace lsms::net
