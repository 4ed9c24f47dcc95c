// Runs one of the program's writers on a small study, for the fault-injection
// tests, which run it under fault_shim.c (LD_PRELOAD) and then look at what is
// on disk. Each writer is called exactly as the viewer and `lsms` call it.
//   lsms_write_driver prepare SERIES_DIR
//   lsms_write_driver KIND SERIES_DIR OUT VARIANT     KIND: session autosave seg sr csv nifti mesh
// VARIANT (1 or 2) sizes the lesion, so two versions of a file differ. A
// failed write prints "error: <message>" and exits 1; with LSMS_FAULT_RETRY
// set it then clears the fault and writes again from the same data in memory
// (the user's work is kept), printing "retry: ok", or exits 3 if that fails.
#include "lsms/core/edit/autosave.h"
#include "lsms/core/edit/editor.h"
#include "lsms/core/edit/measurements.h"
#include "lsms/core/edit/session.h"
#include "lsms/core/error.h"
#include "lsms/io/dicom_series.h"
#include "lsms/io/measurement_report.h"
#include "lsms/io/nifti_io.h"
#include "lsms/mesh/mesh_export.h"
#include "lsms/workflow/lesion_table.h"
#include "lsms/workflow/seg_export.h"
#include "support/series_fixture.h"

#include <cstdlib>
#include <functional>
#include <iostream>

using namespace lsms;
namespace fs = std::filesystem;

namespace {

edit::Editor studyEditor(const SeriesInfo& series) { return edit::Editor(edit::SegmentList(series.geometry)); }

// One lesion: a box whose size depends on the variant.
std::uint16_t addLesion(edit::Editor& editor, int variant) {
    edit::Edit e = editor.begin("lesion");
    edit::Segment s;
    s.name = "lesion";
    s.algorithm = edit::Algorithm::Automatic;
    s.prompt = "the lesion";
    const std::uint16_t label = e.addSegment(s);
    const Geometry& g = e.geometry();
    const std::size_t half = variant == 1 ? 3 : 6;
    for (std::size_t k = 1; k < g.size[2] - 1; ++k)
        for (std::size_t j = g.size[1] / 2 - half; j < g.size[1] / 2 + half; ++j)
            for (std::size_t i = g.size[0] / 2 - half; i < g.size[0] / 2 + half; ++i)
                e.set(i + g.size[0] * (j + g.size[1] * k), label);
    editor.commit(e);
    return label;
}

std::vector<workflow::LesionRow> rows(const edit::SegmentList& list, std::uint16_t label) {
    return {workflow::lesionRow(*list.find(label), edit::measureSegment(list.labels(), label))};
}

// Runs `write`; on failure reports it and, when asked, retries without the fault.
int attempt(const std::function<void()>& write) {
    try {
        write();
        return 0;
    } catch (const Error& e) {
        std::cerr << "error: " << e.what() << "\n";
    }
    if (!std::getenv("LSMS_FAULT_RETRY")) return 1;
    ::unsetenv("LSMS_FAULT");
    try {
        write();
    } catch (const Error& e) {
        std::cerr << "retry failed: " << e.what() << "\n";
        return 3;
    }
    std::cerr << "retry: ok\n";
    return 1;
}

int run(int argc, char** argv) {
    const std::string kind = argc > 1 ? argv[1] : "";
    if (kind == "prepare" && argc == 3) {
        const Geometry g = test::axialGeometry(32, 32, 6);
        test::writeSeries(test::patternVolume(g), test::testMetadata("fault"), argv[2]);
        return 0;
    }
    if (argc != 5) {
        std::cerr << "usage: lsms_write_driver prepare SERIES_DIR | KIND SERIES_DIR OUT VARIANT\n";
        return 2;
    }
    const SeriesInfo series = scanDicom(argv[2]).series.at(0);
    const fs::path out = argv[3];
    const int variant = std::atoi(argv[4]);
    edit::Editor editor = studyEditor(series);

    if (kind == "autosave") {
        // The recovery file of the series in folder `out`, written by the autosave thread.
        edit::Autosaver saver(out, series.metadata.seriesInstanceUid, editor.list(), std::chrono::milliseconds(0));
        saver.attach(editor);
        addLesion(editor, variant);
        int calls = 0;
        return attempt([&] {
            // A failed autosave is tried again at the next change: the retry makes one.
            if (calls++ > 0) {
                editor.undo();
                editor.redo();
            }
            saver.flush();
            if (!saver.lastError().empty()) throw IoError(saver.lastError());
        });
    }

    const std::uint16_t label = addLesion(editor, variant);
    const edit::SegmentList& list = editor.list();
    if (kind == "session") return attempt([&] { edit::saveSession(out, list, series.metadata.seriesInstanceUid); });
    if (kind == "seg") return attempt([&] { workflow::exportSegments(series, list, {label}, out); });
    if (kind == "csv") return attempt([&] { workflow::writeLesionCsv(rows(list, label), out); });
    if (kind == "nifti") return attempt([&] { writeNifti(list.labels(), out); });
    if (kind == "mesh") return attempt([&] { mesh::exportMeshes(list.labels(), {{label, "lesion"}}, out, mesh::MeshFormat::Stl); });
    if (kind == "sr") {
        // The SEG it references lies outside the folder under test.
        const fs::path seg = out.parent_path().parent_path() / "side" / (out.filename().string() + "-seg.dcm");
        workflow::exportSegments(series, list, {label}, seg);
        return attempt([&] { writeMeasurementReport(series, seg, workflow::reportEntries(rows(list, label)), out); });
    }
    std::cerr << "unknown writer '" << kind << "'\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "driver setup failed: " << e.what() << "\n";
        return 4;
    }
}
