// Every writer of the user's work under a failing disk (fault_shim.c): a write
// that fails with ENOSPC or EIO, a failed fsync or rename, a folder that
// refuses new files, and SIGKILL in the middle of the write. Each time the
// user gets one clear error naming the file and the reason, the previous file
// is byte for byte what it was, nothing partial lies under the final name or
// beside it, and — the data still being in memory — the same write succeeds
// once the disk is back.
#include "support/run_command.h"
#include "support/series_fixture.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

namespace fs = std::filesystem;
using lsms::test::TempDir;

namespace {

struct Outcome {
    int status;  // exit code; -1 or 137 when killed
    std::string output;
};

Outcome driver(const std::string& args, const std::string& env = "") {
    int status = 0;
    std::string out = lsms::test::run(env + " " + LSMS_WRITE_DRIVER + " " + args, &status);
    return {status, out};
}

std::string faultEnv(const std::string& fault, const fs::path& watched, bool retry = false) {
    return "LD_PRELOAD=" + std::string(LSMS_FAULT_SHIM) + " LSMS_FAULT=" + fault + " LSMS_FAULT_PATH='" +
           watched.string() + "'" + (retry ? " LSMS_FAULT_RETRY=1" : "");
}

std::string bytes(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

// What the folder holds, names and contents, temporary files included.
std::map<std::string, std::string> contents(const fs::path& dir) {
    std::map<std::string, std::string> r;
    if (!fs::exists(dir)) return r;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) r[fs::relative(e.path(), dir).string()] = bytes(e.path());
    return r;
}

bool hasTemporary(const std::map<std::string, std::string>& files) {
    for (const auto& [name, _] : files)
        if (name.find(".lsms-tmp-") != std::string::npos) return true;
    return false;
}

struct Fault {
    std::string spec, reason;  // LSMS_FAULT, and the system's words for it
};

const std::vector<Fault> kFaults = {
    {"write:ENOSPC", "No space left on device"}, {"write:EIO", "Input/output error"},
    {"fsync:EIO", "Input/output error"},         {"rename:EIO", "Input/output error"},
    {"create:EACCES", "Permission denied"},
};

// `kind` writes `target` (a file, or the folder of a mesh/autosave) inside out/.
void checkWriter(const std::string& kind, const std::string& target, bool overwrites = true) {
    TempDir root("lsms-fault-" + kind);
    const fs::path series = root.path() / "series", out = root.path() / "out", file = out / target;
    REQUIRE(driver("prepare " + series.string()).status == 0);
    const std::string args = kind + " " + series.string() + " " + file.string() + " ";
    fs::create_directories(out);
    if (overwrites) {
        const Outcome first = driver(args + "1");
        INFO(first.output);
        REQUIRE(first.status == 0);
    }
    const auto before = contents(out);
    REQUIRE(before.size() == (overwrites ? 1u : 0u));

    for (const Fault& f : kFaults) {
        SECTION(f.spec) {
            const Outcome failed = driver(args + "2", faultEnv(f.spec, out));
            INFO(failed.output);
            CHECK(failed.status == 1);
            CHECK(failed.output.find("lsms-fault:") != std::string::npos);  // the fault really happened
            CHECK(failed.output.find("error: ") != std::string::npos);
            CHECK(failed.output.find(f.reason) != std::string::npos);
            CHECK(failed.output.find(kind == "autosave" ? out.string() : file.string()) != std::string::npos);
            CHECK(contents(out) == before);  // previous file intact, nothing else left

            const Outcome retried = driver(args + "2", faultEnv(f.spec, out, true));
            INFO(retried.output);
            CHECK(retried.output.find("retry: ok") != std::string::npos);
            const auto after = contents(out);
            CHECK(after.size() == 1);
            CHECK_FALSE(hasTemporary(after));
            CHECK(after != before);
        }
    }
    SECTION("killed in the middle of the write") {
        const Outcome killed = driver(args + "2", faultEnv("kill", out));
        INFO(killed.output);
        CHECK((killed.status == -1 || killed.status == 137));
        CHECK(killed.output.find("lsms-fault: killed") != std::string::npos);
        // Under the final name: the previous file, whole. Beside it at most the
        // temporary file the kill interrupted, under a name no reader takes.
        auto now = contents(out);
        for (auto it = now.begin(); it != now.end();)
            it = it->first.find(".lsms-tmp-") != std::string::npos ? now.erase(it) : std::next(it);
        CHECK(now == before);
    }
}

}  // namespace

TEST_CASE("saving a session under a failing disk keeps the previous session", "[reliability][fault]") {
    checkWriter("session", "study.lsms");
}

TEST_CASE("autosave under a failing disk keeps the previous recovery file and retries", "[reliability][fault]") {
    checkWriter("autosave", "recovery");
}

TEST_CASE("DICOM-SEG export under a failing disk keeps the previous SEG", "[reliability][fault]") {
    checkWriter("seg", "lesions-seg.dcm");
}

TEST_CASE("the SR measurement report under a failing disk keeps the previous report", "[reliability][fault]") {
    checkWriter("sr", "lesions-sr.dcm");
}

TEST_CASE("the lesion CSV under a failing disk keeps the previous table", "[reliability][fault]") {
    checkWriter("csv", "lesions.csv");
}

TEST_CASE("NIfTI export under a failing disk keeps the previous label map", "[reliability][fault]") {
    checkWriter("nifti", "labels.nii.gz");
}

TEST_CASE("mesh export under a failing disk leaves no partial mesh", "[reliability][fault]") {
    checkWriter("mesh", "meshes", false);
}
