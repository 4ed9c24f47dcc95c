#pragma once
// The small CT the viewer tests open, and opening it in a window.
#include "lsms/ui/main_window.h"

#include <QSignalSpy>

#include <catch2/catch.hpp>

#include <filesystem>

namespace lsms::test {

// A 64x64x24 CT: -1000 air, a 'liver' block of 100 HU and a 'lesion' cube of
// 40 HU at voxels [20,30) x [24,34) x [8,16).
inline CtVolume smallCt() {
    Geometry g;
    g.size = {64, 64, 24};
    g.spacing = {2.0, 2.0, 3.0};
    CtVolume v(g, -1000.f);
    for (std::size_t k = 2; k < 22; ++k)
        for (std::size_t j = 10; j < 54; ++j)
            for (std::size_t i = 10; i < 54; ++i) v.at(i, j, k) = 100.f;
    for (std::size_t k = 8; k < 16; ++k)
        for (std::size_t j = 24; j < 34; ++j)
            for (std::size_t i = 20; i < 30; ++i) v.at(i, j, k) = 40.f;
    return v;
}

// The signal may come before wait() starts: a count already there counts.
inline void openStudy(ui::MainWindow& w, const std::filesystem::path& dir) {
    QSignalSpy loaded(&w, &ui::MainWindow::studyLoaded);
    w.openPath(QString::fromStdString(dir.string()));
    REQUIRE((loaded.count() > 0 || loaded.wait(20000)));
}

}  // namespace lsms::test
