#include "edit_fixture.h"

#include "lsms/core/edit/autosave.h"
#include "lsms/core/edit/brush.h"
#include "lsms/core/edit/segment_ops.h"
#include "lsms/core/edit/session.h"

#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace lsms;
using namespace lsms::edit;
using namespace lsms::edit::test;
namespace fs = std::filesystem;

namespace {
fs::path freshDir(const std::string& name) {
    const fs::path d = fs::temp_directory_path() / ("lsms-edit-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

Geometry obliqueGrid() {
    Geometry g = grid(24, 20, 12, {0.75, 0.7, 2.5});
    g.origin = {-120.25, 33.5, 1e-7};
    g.direction = {Vec3{0.8, 0.6, 0}, Vec3{-0.6, 0.8, 0}, Vec3{0, 0, 1}};
    return g;
}

// Gesture n of a deterministic session: strokes, erasures, renames and undos.
void gesture(Editor& editor, int n) {
    std::mt19937 rng(unsigned(n) * 7919u + 1u);
    if (n % 7 == 6) {
        editor.undo();
        return;
    }
    const auto& g = editor.list().geometry();
    Edit e = editor.begin("g" + std::to_string(n));
    const Vec3 c{double(rng() % g.size[0]), double(rng() % g.size[1]), double(rng() % g.size[2])};
    const std::uint16_t label = std::uint16_t(1 + rng() % 2);
    if (n % 5 == 4) eraseDab(e, c, {3.0});
    else if (n % 11 == 10) {
        Segment s = e.segment(label);
        s.name = "renamed " + std::to_string(n);
        e.updateSegment(s);
    } else paintDab(e, label, c, {2.0 + double(rng() % 4), SliceAxis::Axial, n % 3 == 0});
    editor.commit(e);
}

Editor startEditor() {
    Editor editor(SegmentList(grid(64, 64, 32)));
    addSegment(editor, "lesion 1");
    addSegment(editor, "lesion 2");
    return editor;
}
}  // namespace

TEST_CASE("session save and open round-trip labels, geometry and metadata", "[edit][session]") {
    const fs::path dir = freshDir("roundtrip");
    Editor editor{SegmentList(obliqueGrid())};
    const auto a = addSegment(editor, "the largest hypodense lesion\nin the right lobe = 2\\3");
    const auto b = addSegment(editor, "b", true);
    {
        Edit e = editor.begin("paint");
        paintDab(e, a, {10, 10, 5}, {4.0, SliceAxis::Axial, true});
        Segment s = e.segment(a);
        s.opacity = 0.3;
        s.visible = false;
        s.review = ReviewStatus::Flagged;
        s.algorithm = Algorithm::Semiautomatic;
        s.prompt = "größte Läsion";
        e.updateSegment(s);
        editor.commit(e);
    }
    const fs::path file = dir / "study.lsms";
    saveSession(file, editor.list(), "1.2.3.4");
    const Session loaded = loadSession(file);
    CHECK(loaded.seriesInstanceUid == "1.2.3.4");
    CHECK(loaded.list.labels().data == editor.list().labels().data);
    CHECK(loaded.list.segments() == editor.list().segments());
    CHECK(loaded.list.isLocked(b));
    const Geometry& g = loaded.list.geometry();
    CHECK(g.size == editor.list().geometry().size);
    CHECK(g.spacing == editor.list().geometry().spacing);
    CHECK(g.origin == editor.list().geometry().origin);
    CHECK(g.direction == editor.list().geometry().direction);
    CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);  // no temp left

    // A truncated file is refused, not half-loaded.
    const auto size = fs::file_size(file);
    fs::resize_file(file, size - 10);
    CHECK_THROWS_AS(loadSession(file), InputError);
    fs::remove_all(dir);
}

// The session's text header with one line replaced; the label data kept.
static void rewriteHeaderLine(const fs::path& from, const fs::path& to, const std::string& key, const std::string& value) {
    std::ifstream in(from, std::ios::binary);
    std::ofstream out(to, std::ios::binary);
    std::string line;
    bool replaced = false;
    while (std::getline(in, line)) {
        if (!replaced && line.rfind(key + "=", 0) == 0) {
            line = key + "=" + value;
            replaced = true;
        }
        out << line << '\n';
        if (line.rfind("labels=", 0) == 0) break;
    }
    out << in.rdbuf();
    REQUIRE(replaced);
}

TEST_CASE("a session header with values out of range is refused with the key named, not cast", "[edit][session]") {
    const fs::path dir = freshDir("header-range");
    Editor editor{SegmentList(obliqueGrid())};
    addSegment(editor, "lesion");
    const fs::path file = dir / "study.lsms", bad = dir / "bad.lsms";
    saveSession(file, editor.list(), "1.2.3.4");
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"colour", "510 0 0"},       {"colour", "-1 0 0"},         {"colour", "1.5 0 0"},  {"segment", "70000"},
        {"size", "24 20 -12"},       {"size", "24 20 1e300"},      {"size", "24.5 20 12"}, {"spacing", "0.75 0 2.5"},
        {"spacing", "nan 0.7 2.5"},  {"origin", "inf 0 0"},        {"opacity", "3"},
        {"size", "60000 60000 60000"},  // far more voxels than the label data can hold
    };
    for (const auto& [key, value] : cases) {
        INFO(key << "=" << value);
        rewriteHeaderLine(file, bad, key, value);
        try {
            loadSession(bad);
            FAIL("accepted");
        } catch (const InputError& e) {
            CHECK(std::string(e.what()).find("session:") != std::string::npos);
        }
    }
    rewriteHeaderLine(file, bad, "colour", "255 128 0");  // the edge of the range still loads
    CHECK(loadSession(bad).list.segments().front().colour == Rgb{255, 128, 0});
    fs::remove_all(dir);
}

TEST_CASE("recovery files: has, restore, discard", "[edit][session]") {
    const fs::path dir = freshDir("recovery");
    const std::string uid = "1.2.826.0.1.3680043.8.498.1";
    CHECK_FALSE(hasRecovery(dir, uid));
    Editor editor = startEditor();
    {
        Autosaver saver(dir, uid, editor.list(), std::chrono::milliseconds(50));
        saver.attach(editor);
        for (int n = 0; n < 10; ++n) gesture(editor, n);
        saver.flush();
        CHECK(saver.savedRevision() == editor.revision());
        CHECK(saver.lastError().empty());
    }
    REQUIRE(hasRecovery(dir, uid));
    CHECK(recoveryPath(dir, uid).filename() == uid + ".lsms-recovery");
    const Session s = restore(dir, uid);
    CHECK(s.list.labels().data == editor.list().labels().data);
    CHECK(s.list.segments() == editor.list().segments());
    discard(dir, uid);
    CHECK_FALSE(hasRecovery(dir, uid));
    fs::remove_all(dir);
}

TEST_CASE("autosave coalesces a burst into one write after the delay", "[edit][session]") {
    const fs::path dir = freshDir("coalesce");
    Editor editor = startEditor();
    Autosaver saver(dir, "9.9", editor.list(), std::chrono::milliseconds(300));
    saver.attach(editor);
    for (int n = 0; n < 5; ++n) gesture(editor, n);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK_FALSE(hasRecovery(dir, "9.9"));  // still inside the delay
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    CHECK(hasRecovery(dir, "9.9"));
    CHECK(saver.savedRevision() == editor.revision());
    fs::remove_all(dir);
}

TEST_CASE("a session killed with SIGKILL restores everything autosaved", "[edit][session][recovery]") {
    const fs::path dir = freshDir("kill");
    const std::string uid = "1.2.3.999";
    constexpr int kCommitted = 40, kMax = 4000;
    constexpr auto kDelay = std::chrono::milliseconds(100);
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // The child edits like a radiologist with the autosaver running.
        try {
            ::close(fds[0]);
            Editor editor = startEditor();
            Autosaver saver(dir, uid, editor.list(), kDelay);
            saver.attach(editor);
            for (int n = 0; n < kCommitted; ++n) gesture(editor, n);
            std::this_thread::sleep_for(4 * kDelay);  // > delay: state A is on disk
            const char ready = 'A';
            if (::write(fds[1], &ready, 1) != 1) ::_exit(3);
            for (int n = kCommitted; n < kMax; ++n) {  // keeps editing until killed
                gesture(editor, n);
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
        } catch (...) {
            ::_exit(2);
        }
        ::_exit(0);
    }
    ::close(fds[1]);
    char ready = 0;
    REQUIRE(::read(fds[0], &ready, 1) == 1);
    ::close(fds[0]);
    std::this_thread::sleep_for(std::chrono::milliseconds(350));  // some later autosaves, maybe mid-write
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    REQUIRE(WIFSIGNALED(status));
    REQUIRE(WTERMSIG(status) == SIGKILL);

    REQUIRE(hasRecovery(dir, uid));
    const Session restored = restore(dir, uid);
    // Replay the same gestures: the recovered state must be the state after
    // some prefix that includes every gesture committed before the wait.
    Editor replay = startEditor();
    int matched = -1;
    for (int n = 0; n < kMax && matched < 0; ++n) {
        gesture(replay, n);
        if (n + 1 >= kCommitted && replay.list().labels().data == restored.list.labels().data &&
            replay.list().segments() == restored.list.segments())
            matched = n + 1;
    }
    CAPTURE(matched);
    CHECK(matched >= kCommitted);
    CHECK(matched < kMax);
    fs::remove_all(dir);
}

TEST_CASE("sessions and recovery files are readable by their owner only, recovery files in a private folder",
          "[edit][session][recovery][patient]") {
    const fs::path dir = freshDir("private");
    const mode_t oldMask = ::umask(022);  // the usual umask: files would be world-readable
    Editor editor = startEditor();
    saveSession(dir / "study.lsms", editor.list(), "1.2.3");
    const fs::path recovery = dir / "recovery";
    {
        Autosaver saver(recovery, "1.2.3", editor.list(), std::chrono::milliseconds(0));
        saver.attach(editor);
        gesture(editor, 1);
        saver.flush();
        CHECK(saver.lastError().empty());
    }
    ::umask(oldMask);
    const auto others = fs::perms::group_all | fs::perms::others_all;
    CHECK((fs::status(dir / "study.lsms").permissions() & others) == fs::perms::none);
    CHECK((fs::status(recovery).permissions() & others) == fs::perms::none);
    CHECK((fs::status(recoveryPath(recovery, "1.2.3")).permissions() & others) == fs::perms::none);
    CHECK((fs::status(recoveryPath(recovery, "1.2.3")).permissions() & fs::perms::owner_read) != fs::perms::none);
}

TEST_CASE("a recovery folder that cannot be made is reported from the start, not at the first lost change",
          "[edit][recovery][reliability]") {
    const fs::path dir = freshDir("no-folder");
    std::ofstream(dir / "file") << "a file where the folder should go";
    Editor editor = startEditor();
    Autosaver saver(dir / "file" / "recovery", "1.2.3", editor.list(), std::chrono::milliseconds(0));
    CHECK(saver.lastError().find("cannot create the folder " + (dir / "file" / "recovery").string()) != std::string::npos);
}

TEST_CASE("autosave keeps a compact copy: a long session with undos recovers voxel for voxel, at a fraction of the volume's bytes",
          "[edit][session][recovery]") {
    const fs::path dir = freshDir("compact");
    // Labels already there when autosave starts (a session opened), on slices
    // apart, with runs crossing row and slice boundaries.
    Editor editor(SegmentList(grid(64, 64, 32)));
    const std::uint16_t a = addSegment(editor, "lesion 1");
    addSegment(editor, "lesion 2");
    fillBox(editor, a, {50, 60, 3}, {64, 64, 5});
    Autosaver saver(dir, "5.5", editor.list(), std::chrono::milliseconds(20));
    saver.attach(editor);
    for (int n = 0; n < 120; ++n) {
        gesture(editor, n);
        if (n % 40 == 39) saver.flush();  // writes between the gestures too
    }
    editor.redo();  // after the last undo, if any
    saver.flush();
    REQUIRE(saver.lastError().empty());
    const Session back = restore(dir, "5.5");
    CHECK(back.list.labels().data == editor.list().labels().data);
    CHECK(back.list.segments().size() == editor.list().segments().size());
    // Two bytes a voxel would be 262,144 bytes; a few brush dabs are runs.
    const std::size_t plain = editor.list().labels().data.size() * 2;
    INFO("copy " << saver.copyBytes() << " bytes of " << plain);
    CHECK(saver.copyBytes() > 0);
    CHECK(saver.copyBytes() * 10 < plain);
    fs::remove_all(dir);
}
