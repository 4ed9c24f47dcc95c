// The prompt panel's standing notice: what the model was trained on and how
// the loaded series differs from it, shown above Run whatever the messages
// below say; and the answer's confidence in the answer message.
#include "lsms/io/dicom_writer.h"
#include "lsms/ui/main_window.h"
#include "lsms/ui/prompt_panel.h"
#include "support/series_fixture.h"
#include "qt_app.h"
#include "threshold_engine.h"

#include <QApplication>
#include <QSignalSpy>

#include <catch2/catch.hpp>

using namespace lsms;
using namespace lsms::ui;
using namespace lsms::test;

namespace {

CtVolume blockVolume(double sliceMm) {
    Geometry g;
    g.size = {48, 48, 12};
    g.spacing = {2.0, 2.0, sliceMm};
    CtVolume v(g, -1000.f);
    for (std::size_t k = 3; k < 9; ++k)
        for (std::size_t j = 16; j < 30; ++j)
            for (std::size_t i = 16; i < 30; ++i) v.set(i, j, k, 40.f);
    return v;
}

// The threshold engine with a training domain of its own: slices must be
// 2.5 mm or more apart, and every answer comes with a note.
class DomainEngine : public ThresholdEngine {
public:
    DomainEngine() : ThresholdEngine(20.f, 60.f, 1) {}
    std::string modelNotice() const override { return "Trained on synthetic phantoms only — not validated on real CT."; }
    std::vector<std::string> inputFlags(const CtVolume& ct) const override {
        if (ct.geometry.spacing[2] >= 2.5) return {};
        return {"Slices " + std::to_string(int(ct.geometry.spacing[2])) + " mm apart lie outside the training range."};
    }
    EngineAnswer answer(const CtVolume& ct, const SegmentationRequest& r, const EngineProgress& p) override {
        return {segment(ct, r, p), "Confidence high: test note.", {}};
    }
};

void openStudy(MainWindow& w, const std::filesystem::path& dir) {
    QSignalSpy loaded(&w, &MainWindow::studyLoaded);
    w.openPath(QString::fromStdString(dir.string()));
    REQUIRE((loaded.count() > 0 || loaded.wait(20000)));
}

}  // namespace

TEST_CASE("prompt panel: the model's notice stands from the start, the series' flags follow each study",
          "[ui][domain]") {
    ensureApp();
    MainWindow w(std::make_shared<DomainEngine>());
    const QString notice = "Trained on synthetic phantoms only — not validated on real CT.";
    CHECK(w.promptPanel()->domainNotice() == "⚠ " + notice);

    TempDir thin("ui-domain-thin"), usual("ui-domain-usual");
    writeDicomSeries(blockVolume(1.0), testMetadata("ui-domain-thin"), thin.path());
    writeDicomSeries(blockVolume(3.0), testMetadata("ui-domain-usual"), usual.path());
    openStudy(w, thin.path());
    CHECK(w.promptPanel()->domainNotice() == "⚠ " + notice + "\nThis series is unlike the training data:\n• Slices 1 mm "
                                                            "apart lie outside the training range.");

    // The answer's note joins the answer message; the notice stays as it was.
    QSignalSpy finished(w.worker(), &SegmentationWorker::finished);
    w.runPrompt("the lesion");
    REQUIRE((finished.count() > 0 || finished.wait(20000)));
    QApplication::processEvents();
    CHECK(w.promptPanel()->message().contains("\nConfidence high: test note."));
    CHECK(w.promptPanel()->domainNotice().contains("Slices 1 mm"));

    // Another study: its own flags (none), the model's notice still there.
    // The answer counts as unsaved work: saved first, so no question stops the switch.
    w.study()->markSaved();
    openStudy(w, usual.path());
    CHECK(w.promptPanel()->domainNotice() == "⚠ " + notice);
}

TEST_CASE("prompt panel: an engine without notice or flags shows no notice", "[ui][domain]") {
    ensureApp();
    TempDir dir("ui-domain-none");
    writeDicomSeries(blockVolume(1.0), testMetadata("ui-domain-none"), dir.path());
    MainWindow w(std::make_shared<ThresholdEngine>(20.f, 60.f, 1));
    openStudy(w, dir.path());
    CHECK(w.promptPanel()->domainNotice().isEmpty());
    QSignalSpy finished(w.worker(), &SegmentationWorker::finished);
    w.runPrompt("the lesion");
    REQUIRE((finished.count() > 0 || finished.wait(20000)));
    QApplication::processEvents();
    CHECK_FALSE(w.promptPanel()->message().contains("Confidence"));
}

#ifdef LSMS_TEST_WITH_MODELS
TEST_CASE("prompt panel: the shipped model says it knows only phantoms, and what it cannot check on a tiny series",
          "[ui][domain][model]") {
    ensureApp();
    TempDir dir("ui-domain-model");
    writeDicomSeries(blockVolume(3.0), testMetadata("ui-domain-model"), dir.path());
    MainWindow w(std::shared_ptr<SegmentationEngine>(createModelEngine(defaultModelPath(), "cpu")));
    // The shipped file predates the recorded domain: the documented fallback.
    CHECK(w.promptPanel()->domainNotice().contains("Trained on synthetic phantoms only — not validated on real CT."));
    CHECK(w.promptPanel()->domainNotice().contains("assumed, not recorded"));
    openStudy(w, dir.path());
    // One 28 mm block of soft tissue is too little to measure noise and level on.
    CHECK(w.promptPanel()->domainNotice().contains("Too little homogeneous soft tissue"));
}
#endif
