// The lesions an answer left out: the prompt panel offers "N other
// lesion(s) found — add", which adds them as lesions in one undo step, named
// after the prompt, through the answer policy (hand-made voxels stay); the
// offer goes when another prompt runs or another series opens.
#include "lsms/ui/main_window.h"
#include "lsms/ui/prompt_panel.h"
#include "lsms/ui/questions.h"
#include "qt_app.h"
#include "small_study.h"
#include "support/series_fixture.h"

#include <QDir>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>

using namespace lsms;
using namespace lsms::ui;
using namespace lsms::test;

namespace {

void box(MaskVolume& m, std::size_t i0, std::size_t j0, std::size_t k0, std::size_t n, std::size_t depth) {
    for (std::size_t k = k0; k < k0 + depth; ++k)
        for (std::size_t j = j0; j < j0 + n; ++j)
            for (std::size_t i = i0; i < i0 + n; ++i) m.at(i, j, k) = 1;
}

// What a network answer to "the largest lesion" looks like: one lesion kept,
// two more found and left out; the second prompt it answers finds nothing else.
class CandidateEngine : public SegmentationEngine {
public:
    std::string deviceName() const override { return "test candidate engine"; }
    MaskVolume segment(const CtVolume& ct, const SegmentationRequest& r, const EngineProgress& p) override {
        return answer(ct, r, p).mask;
    }
    EngineAnswer answer(const CtVolume& ct, const SegmentationRequest&, const EngineProgress& progress) override {
        if (progress) progress(1, 1);
        EngineAnswer a;
        a.mask = MaskVolume(ct.geometry, 0);
        box(a.mask, 18, 26, 3, 7, 4);  // the kept lesion, 196 voxels
        if (runs++ == 0) {
            a.candidates = MaskVolume(ct.geometry, 0);
            box(a.candidates, 28, 32, 5, 5, 3);  // 75 voxels
            box(a.candidates, 10, 20, 6, 4, 2);  // 32 voxels, 0.048 mL: a lesion, not a crumb
        }
        return a;
    }
    std::atomic<int> runs{0};
};

QPushButton* candidateButton(MainWindow& w) { return w.promptPanel()->findChild<QPushButton*>("candidateButton"); }

void answerPrompt(MainWindow& w, const QString& prompt) {
    QSignalSpy finished(w.worker(), &SegmentationWorker::finished);
    w.runPrompt(prompt);
    REQUIRE((finished.count() > 0 || finished.wait(20000)));
    // candidatesFound follows finished from the same thread.
    QTest::qWait(50);
}

}  // namespace

TEST_CASE("the lesions an answer left out are offered and added in one undo step", "[ui][candidates]") {
    ensureApp();
    TempDir dir("ui-candidates");
    const Geometry g = axialGeometry(64, 64, 12);
    writeSeries(abdomenLike(g), testMetadata("ui-candidates"), dir.path());
    auto engine = std::make_shared<CandidateEngine>();
    MainWindow w(engine);
    w.setQuestions({[](QWidget*, const QString&) { return UnsavedChoice::Discard; }, {}, {}});
    w.resize(1400, 950);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    openStudy(w, dir.path());
    Study* s = w.study();
    QPushButton* button = candidateButton(w);
    REQUIRE(button != nullptr);
    CHECK_FALSE(button->isVisible());

    answerPrompt(w, "the largest lesion");
    REQUIRE(s->segments().size() == 1);
    const std::uint16_t kept = s->segments()[0].label;
    CHECK(w.promptPanel()->candidateOffer() == 2);
    CHECK(button->isVisible());
    CHECK(button->text() == QString::fromUtf8("2 other lesion(s) found \u2014 add"));

    if (const QByteArray shot = qgetenv("LSMS_SCREENSHOT_DIR"); !shot.isEmpty()) {
        QDir().mkpath(QString::fromLocal8Bit(shot));
        QTest::qWait(200);
        REQUIRE(w.grab().save(QString::fromLocal8Bit(shot) + "/viewer-candidates.png"));
    }

    // A hand-made segment over one slice of a left-out lesion keeps its voxels.
    MaskVolume drawn(s->ct().geometry, 0);
    box(drawn, 28, 32, 7, 5, 1);
    edit::Segment manual;
    manual.name = "drawn";
    const auto imported = s->importSegments({manual}, {drawn}, "import");
    REQUIRE(imported.size() == 1);
    REQUIRE(s->segments().size() == 2);

    QTest::mouseClick(button, Qt::LeftButton);
    CHECK_FALSE(button->isVisible());
    CHECK(w.promptPanel()->candidateOffer() == 0);
    REQUIRE(s->segments().size() == 4);
    int added = 0;
    for (const auto& seg : s->segments()) {
        if (seg.label == kept || seg.label == imported[0]) continue;
        ++added;
        CHECK(seg.name.rfind("the largest lesion (other lesions found) - lesion ", 0) == 0);
        CHECK(seg.prompt == "the largest lesion (other lesions found)");
        CHECK(seg.algorithm == edit::Algorithm::Automatic);
        CHECK(seg.review == edit::ReviewStatus::NotReviewed);
    }
    CHECK(added == 2);
    CHECK(s->labels().at(30, 34, 7) == imported[0]);  // the drawn slice is still the drawn segment's
    CHECK(s->labels().at(30, 34, 5) != 0);
    CHECK(s->labels().at(30, 34, 5) != imported[0]);
    CHECK(s->labels().at(11, 21, 6) != 0);
    CHECK(s->labels().at(20, 28, 4) == kept);  // the kept lesion is unchanged

    // One undo step takes both away, and leaves the answer and the drawing.
    REQUIRE(s->undo());
    REQUIRE(s->segments().size() == 2);
    CHECK(s->labels().at(30, 34, 5) == 0);
    CHECK(s->labels().at(11, 21, 6) == 0);
    CHECK(s->labels().at(20, 28, 4) == kept);
    CHECK_FALSE(button->isVisible());  // added once: the undo does not offer them again

    // Offered again by a new answer, the offer goes when another prompt runs
    // (this one finds nothing else) ...
    engine->runs = 0;
    answerPrompt(w, "the largest lesion");
    CHECK(w.promptPanel()->candidateOffer() == 2);
    QSignalSpy finished(w.worker(), &SegmentationWorker::finished);
    w.runPrompt("all lesions");
    CHECK(w.promptPanel()->candidateOffer() == 0);
    CHECK_FALSE(button->isVisible());
    REQUIRE((finished.count() > 0 || finished.wait(20000)));
    QTest::qWait(50);
    CHECK(w.promptPanel()->candidateOffer() == 0);

    // ... and when another series opens.
    engine->runs = 0;
    answerPrompt(w, "the largest lesion");
    REQUIRE(w.promptPanel()->candidateOffer() == 2);
    openStudy(w, dir.path());
    CHECK(w.promptPanel()->candidateOffer() == 0);
    CHECK_FALSE(button->isVisible());
    w.addCandidates();  // nothing to add
    CHECK(s->segments().empty());
}

TEST_CASE("a refined prompt offers nothing it left out", "[ui][candidates]") {
    ensureApp();
    TempDir dir("ui-candidates-refine");
    const Geometry g = axialGeometry(64, 64, 12);
    writeSeries(abdomenLike(g), testMetadata("ui-candidates-refine"), dir.path());
    auto engine = std::make_shared<CandidateEngine>();
    engine->runs = 1;  // the first answer (with candidates) is the plain one below
    MainWindow w(engine);
    openStudy(w, dir.path());
    answerPrompt(w, "the largest lesion");
    REQUIRE(w.study()->segments().size() == 1);
    CHECK(w.promptPanel()->candidateOffer() == 0);

    engine->runs = 0;
    w.study()->setActiveLabel(w.study()->segments()[0].label);
    w.promptPanel()->setRefine(true);
    answerPrompt(w, "the largest lesion");
    CHECK(w.promptPanel()->candidateOffer() == 0);
}
