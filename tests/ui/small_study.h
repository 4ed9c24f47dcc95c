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
            for (std::size_t i = 10; i < 54; ++i) v.set(i, j, k, 100.f);
    for (std::size_t k = 8; k < 16; ++k)
        for (std::size_t j = 24; j < 34; ++j)
            for (std::size_t i = 20; i < 30; ++i) v.set(i, j, k, 40.f);
    return v;
}

// Something to look at in the screenshot: an elliptic body of 40 HU, a
// 'liver' of 100 HU on the patient's right with a 30 HU 'lesion', a 700 HU
// 'spine'; air around.
inline CtVolume abdomenLike(const Geometry& g) {
    CtVolume v(g, -1000.f);
    auto in = [](double x, double y, double cx, double cy, double rx, double ry) {
        return (x - cx) * (x - cx) / (rx * rx) + (y - cy) * (y - cy) / (ry * ry) <= 1;
    };
    for (std::size_t k = 0; k < g.size[2]; ++k)
        for (std::size_t j = 0; j < g.size[1]; ++j)
            for (std::size_t i = 0; i < g.size[0]; ++i) {
                const double x = double(i) / double(g.size[0]), y = double(j) / double(g.size[1]);
                float hu = -1000.f;
                if (in(x, y, 0.5, 0.5, 0.45, 0.35)) hu = 40.f;
                if (in(x, y, 0.33, 0.45, 0.2, 0.18)) hu = 100.f;
                if (in(x, y, 0.3, 0.42, 0.05, 0.05) && k > 2 && k < 10) hu = 30.f;
                if (in(x, y, 0.5, 0.75, 0.06, 0.06)) hu = 700.f;
                v.set(i, j, k, hu);
            }
    return v;
}

// The signal may come before wait() starts: a count already there counts.
inline void openStudy(ui::MainWindow& w, const std::filesystem::path& dir) {
    QSignalSpy loaded(&w, &ui::MainWindow::studyLoaded);
    w.openPath(QString::fromStdString(dir.string()));
    REQUIRE((loaded.count() > 0 || loaded.wait(20000)));
}

}  // namespace lsms::test
