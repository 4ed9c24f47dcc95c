// The files of a series can change between the scan (headers) and the load
// (pixels): a CD ejected, a PACS folder pruned, a slice overwritten. The load
// must say so, never return a volume with a stale or foreign slice in it —
// and a series too large for memory is refused before anything is allocated.
#include "lsms/core/error.h"
#include "lsms/core/memory_budget.h"
#include "lsms/io/dicom_series.h"
#include "support/series_fixture.h"

#include <catch2/catch.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

using namespace lsms;
using namespace lsms::test;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

TEST_CASE("a slice removed from disk after the scan is named, and the load refused", "[dicom][bad][changed]") {
    TempDir dir("removed");
    const auto files = writeSeries(patternVolume(axialGeometry(8, 8, 6)), testMetadata("removed"), dir.path());
    const SeriesInfo s = scanDicom(dir.path()).series.at(0);
    const std::string name = files[3].filename().string();
    SECTION("before the load starts") {
        fs::remove(files[3]);
        CHECK_THROWS_AS(loadSeries(s, {}, 2), IoError);
        CHECK_THROWS_WITH(loadSeries(s, {}, 2), Contains(name + " was removed from disk after the folder was scanned"));
    }
    SECTION("while the load is running") {
        std::string error;
        try {
            // One thread: the removal lands between two slices of the load.
            loadSeries(s, [&](std::size_t done, std::size_t) {
                if (done == 1) fs::remove_all(dir.path());
                return true;
            }, 1);
        } catch (const IoError& e) {
            error = e.what();
        }
        CHECK_THAT(error, Contains("was removed from disk after the folder was scanned") && Contains("scan the folder again"));
    }
}

TEST_CASE("a slice overwritten by another image after the scan is refused, not loaded in its place", "[dicom][bad][changed]") {
    TempDir dir("replaced"), other("replaced-other");
    const auto files = writeSeries(patternVolume(axialGeometry(8, 8, 5)), testMetadata("replaced"), dir.path());
    const auto foreign = writeSeries(patternVolume(axialGeometry(8, 8, 5)), testMetadata("replaced-other"), other.path());
    const SeriesInfo s = scanDicom(dir.path()).series.at(0);
    fs::copy_file(foreign[2], files[2], fs::copy_options::overwrite_existing);
    CHECK_THROWS_AS(loadSeries(s), InputError);
    CHECK_THROWS_WITH(loadSeries(s), Contains(files[2].filename().string() +
                                              " changed on disk after the folder was scanned: it now holds another image"));
}

TEST_CASE("a slice cut short after the scan is refused with the file named", "[dicom][bad][changed]") {
    TempDir dir("cut");
    const auto files = writeSeries(patternVolume(axialGeometry(16, 16, 4)), testMetadata("cut"), dir.path());
    const SeriesInfo s = scanDicom(dir.path()).series.at(0);
    fs::resize_file(files[1], fs::file_size(files[1]) - 100);
    CHECK_THROWS_AS(loadSeries(s), InputError);
    CHECK_THROWS_WITH(loadSeries(s), Contains(files[1].filename().string()));
}

TEST_CASE("a series larger than the memory that is free is refused up front with the size it needs", "[dicom][bad][memory]") {
    TempDir dir("huge");
    writeSeries(patternVolume(axialGeometry(8, 8, 3)), testMetadata("huge"), dir.path());
    SeriesInfo s = scanDicom(dir.path()).series.at(0);
    SECTION("more than any machine has") {
        // Headers that claim 65535 x 65535 pixels: 16 GiB a slice, 48 GiB in all.
        s.geometry.size = {65535, 65535, 3};
        CHECK_THROWS_AS(loadSeries(s), NotEnoughMemory);
        CHECK_THROWS_WITH(loadSeries(s), Contains("the series (65535×65535×3 voxels of 2 bytes) needs 24.0 GiB") &&
                                             Contains("nothing was loaded"));
    }
#if !defined(__SANITIZE_ADDRESS__)  // ASan's shadow memory cannot live under ulimit -v
    SECTION("more than the process's address-space limit") {
        // In a child: lower its ulimit -v to 64 MiB above what it uses, then ask
        // for a 512 x 512 x 400 volume (200 MiB as int16) — refused, naming the limit;
        // a 8 x 8 x 3 one still loads under the same limit.
        const pid_t child = fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            std::ifstream statm("/proc/self/statm");
            std::uint64_t pages = 0;
            statm >> pages;
            const rlim_t limit = rlim_t(pages * std::uint64_t(sysconf(_SC_PAGESIZE)) + (64u << 20));
            rlimit r{limit, limit};
            if (setrlimit(RLIMIT_AS, &r) != 0) _exit(10);
            if (loadSeries(s, {}, 1).geometry.voxelCount() != 8 * 8 * 3) _exit(11);
            SeriesInfo big = s;
            big.geometry.size = {512, 512, 400};
            try {
                loadSeries(big, {}, 1);
                _exit(12);
            } catch (const NotEnoughMemory& e) {
                const std::string m = e.what();
                _exit(m.find("needs 200 MiB") != std::string::npos && m.find("ulimit -v") != std::string::npos ? 0 : 13);
            } catch (...) {
                _exit(14);
            }
        }
        int status = 0;
        REQUIRE(waitpid(child, &status, 0) == child);
        REQUIRE(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
#endif
}

TEST_CASE("byte counts read as a person would say them, in any locale", "[memory]") {
    CHECK(formatBytes(400u << 20) == "400 MiB");
    CHECK(formatBytes(1) == "1 MiB");
    CHECK(formatBytes(std::uint64_t(85) << 30) == "85.0 GiB");
    CHECK(availableMemory().bytes > 0);
    CHECK_FALSE(availableMemory().limitedBy.empty());
}

TEST_CASE("headers that claim a larger image than their pixel data holds refuse the series at the scan", "[dicom][bad][memory]") {
    TempDir dir("short-pixels");
    const auto files = writeSeries(patternVolume(axialGeometry(8, 8, 3)), testMetadata("short-pixels"), dir.path());
    for (const auto& f : files) {
        setAttribute(f, 0x0028, 0x0010, "60000");  // Rows
        setAttribute(f, 0x0028, 0x0011, "60000");  // Columns
    }
    const SeriesInfo s = scanDicom(dir.path()).series.at(0);
    CHECK_THAT(s.problem, Contains("its pixel data holds 128 bytes, but a 60000×60000 image of 16-bit samples needs 7200000000") &&
                              Contains("the file is cut short or its Rows/Columns are wrong"));
    CHECK_THROWS_AS(loadSeries(s), InputError);
}
