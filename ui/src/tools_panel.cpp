#include "lsms/ui/tools_panel.h"

#include "lsms/ui/shortcut_binding.h"

#include "lsms/ui/recist_text.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QIcon>
#include <QLabel>
#include <QPixmap>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace lsms::ui {

namespace {
QToolButton* button(QAction* action) {
    auto* b = new QToolButton;
    b->setDefaultAction(action);
    b->setToolButtonStyle(Qt::ToolButtonTextOnly);
    b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    return b;
}

QDoubleSpinBox* spin(double lo, double hi, double value, const QString& suffix, int decimals = 0) {
    auto* s = new QDoubleSpinBox;
    s->setRange(lo, hi);
    s->setDecimals(decimals);
    s->setValue(value);
    s->setSuffix(suffix);
    return s;
}

QString voxels(std::size_t n) { return QObject::tr("%n voxel(s) changed", nullptr, int(n)); }
}  // namespace

ToolsPanel::ToolsPanel(Study* study, QWidget* parent) : QWidget(parent), study_(study) {
    auto* layout = new QVBoxLayout(this);
    active_ = new QLabel;
    active_->setWordWrap(true);
    layout->addWidget(active_);

    // RECIST: the axes are drawn on their axial slice; "Show" goes there.
    auto* recistBox = new QGroupBox(tr("RECIST axes"));
    auto* rl = new QGridLayout(recistBox);
    recist_ = new QLabel;
    recist_->setObjectName("recist");
    recist_->setWordWrap(true);
    rl->addWidget(recist_, 0, 0, 1, 2);
    rl->addWidget(button(addTool("showAxes", tr("Show on slice"), Command::None, tr("Move to the axial slice of the long axis, where the axes are drawn; "
                                                                          "drag an end with the Navigate tool to correct it"))), 1, 0);
    rl->addWidget(button(addTool("resetAxes", tr("Reset to measured"), Command::None, tr("Drop the hand-edited axes and use the measured ones"))), 1, 1);
    layout->addWidget(recistBox);

    // Threshold brush: the range lives in Study so every view's strokes use it.
    auto* threshold = new QGroupBox(tr("Threshold brush"));
    auto* tl = new QGridLayout(threshold);
    lo_ = spin(-1024, 3071, study_->thresholdRange().lo, tr(" HU"));
    hi_ = spin(-1024, 3071, study_->thresholdRange().hi, tr(" HU"));
    tl->addWidget(new QLabel(tr("From")), 0, 0);
    tl->addWidget(lo_, 0, 1);
    tl->addWidget(new QLabel(tr("to")), 0, 2);
    tl->addWidget(hi_, 0, 3);
    tl->addWidget(button(addTool("pickThreshold", tr("Pick from segment"), Command::None, tr("Mean ± 2 SD of the active segment's HU"))), 1, 0, 1, 2);
    tl->addWidget(button(addTool("thresholdBrush", tr("Threshold brush"), Command::None, tr("Paint only voxels in the HU range (%1)").arg(keyText(Command::ThresholdBrush)))), 1, 2, 1, 2);
    layout->addWidget(threshold);
    auto setRange = [this] { study_->setThresholdRange({float(lo_->value()), float(hi_->value())}); };
    connect(lo_, &QDoubleSpinBox::editingFinished, this, setRange);
    connect(hi_, &QDoubleSpinBox::editingFinished, this, setRange);
    connect(study_, &Study::thresholdRangeChanged, this, [this] {
        QSignalBlocker b1(lo_), b2(hi_);
        lo_->setValue(study_->thresholdRange().lo);
        hi_->setValue(study_->thresholdRange().hi);
    });

    auto* shape = new QGroupBox(tr("Fill and islands"));
    auto* sl = new QGridLayout(shape);
    minIsland_ = spin(0, 1e6, 50, tr(" mm³"), 1);
    sl->addWidget(button(addTool("fillBetweenSlices", tr("Fill between slices"), Command::FillBetweenSlices,
                                 tr("Interpolate the active segment on the axial slices between drawn ones"))), 0, 0, 1, 2);
    sl->addWidget(button(addTool("keepLargestIsland", tr("Keep largest island"), Command::KeepLargestIsland,
                                 tr("Remove every disconnected piece but the largest"))), 1, 0);
    sl->addWidget(button(addTool("splitIslands", tr("Split islands"), Command::None, tr("Each disconnected piece becomes its own segment"))), 1, 1);
    sl->addWidget(button(addTool("removeSmallIslands", tr("Remove islands under"), Command::None, tr("Remove pieces smaller than the volume"))), 2, 0);
    sl->addWidget(minIsland_, 2, 1);
    layout->addWidget(shape);

    auto* smoothBox = new QGroupBox(tr("Smoothing"));
    auto* ml = new QGridLayout(smoothBox);
    smoothing_ = new QComboBox;
    smoothing_->addItems({tr("Median 3×3×3"), tr("Opening"), tr("Closing")});
    radius_ = spin(0.5, 30, 2, tr(" mm"), 1);
    ml->addWidget(smoothing_, 0, 0);
    ml->addWidget(radius_, 0, 1);
    ml->addWidget(button(addTool("smooth", tr("Smooth"), Command::None, tr("Median: remove single-voxel noise; opening: cut spurs thinner than "
                                                                 "the radius; closing: fill gaps narrower than it"))), 0, 2);
    connect(smoothing_, &QComboBox::currentIndexChanged, radius_, [this](int i) { radius_->setEnabled(i != 0); });
    radius_->setEnabled(false);
    layout->addWidget(smoothBox);

    auto* logic = new QGroupBox(tr("With another segment"));
    auto* ll = new QGridLayout(logic);
    other_ = new QComboBox;
    ll->addWidget(other_, 0, 0, 1, 3);
    ll->addWidget(button(addTool("union", tr("Union"), Command::None, tr("Move the other segment's voxels into the active one"))), 1, 0);
    ll->addWidget(button(addTool("subtract", tr("Subtract"), Command::None, tr("Remove the other segment's voxels from the active one"))), 1, 1);
    ll->addWidget(button(addTool("intersect", tr("Intersect"), Command::None, tr("Keep only the active segment's voxels that are also in the other"))), 1, 2);
    ll->addWidget(button(addTool("merge", tr("Merge into active"), Command::None, tr("The other segment's voxels join the active one, which it replaces"))), 2, 0, 1, 2);
    ll->addWidget(button(addTool("duplicate", tr("Duplicate"), Command::Duplicate, tr("An empty copy of the active segment's metadata"))), 2, 2);
    layout->addWidget(logic);

    message_ = new QLabel;
    message_->setWordWrap(true);
    layout->addWidget(message_);
    layout->addStretch(1);

    connect(action("pickThreshold"), &QAction::triggered, this, [this] {
        run([this](std::uint16_t a) {
            const HuRange r = study_->huRangeOf(a, 2.0);
            study_->setThresholdRange(r);
            return tr("Threshold %1 to %2 HU (mean ± 2 SD of the segment)").arg(double(r.lo), 0, 'f', 0).arg(double(r.hi), 0, 'f', 0);
        });
    });
    connect(action("thresholdBrush"), &QAction::triggered, this, &ToolsPanel::thresholdBrushRequested);
    connect(action("showAxes"), &QAction::triggered, this, [this] {
        run([this](std::uint16_t a) {
            if (!study_->segment(a)) throw edit::EditError("select a segment first");
            const edit::RecistAxes r = study_->recist(a);
            if (r.empty()) return tr("The segment is empty: nothing to measure");
            const Vec3& p = r.longAxis[0];
            const Vec3& q = r.longAxis[1];
            study_->setCursor({std::round((p[0] + q[0]) / 2), std::round((p[1] + q[1]) / 2), double(r.slice)});
            return tr("RECIST axes: %1").arg(recistText(r));
        });
    });
    connect(action("resetAxes"), &QAction::triggered, this, [this] {
        run([this](std::uint16_t a) {
            if (!study_->segment(a)) throw edit::EditError("select a segment first");
            study_->resetAxes(a);
            return tr("RECIST axes as measured: %1").arg(recistText(study_->recist(a)));
        });
    });
    connect(action("fillBetweenSlices"), &QAction::triggered, this, [this] {
        run([this](std::uint16_t a) { return tr("Fill between slices: %1").arg(voxels(study_->fillBetweenSlices(a))); });
    });
    connect(action("keepLargestIsland"), &QAction::triggered, this, [this] {
        run([this](std::uint16_t a) { return tr("Keep largest island: %1").arg(voxels(study_->keepLargestIsland(a))); });
    });
    connect(action("removeSmallIslands"), &QAction::triggered, this, [this] {
        run([this](std::uint16_t a) { return tr("Remove small islands: %1").arg(voxels(study_->removeSmallIslands(a, minIsland_->value()))); });
    });
    connect(action("splitIslands"), &QAction::triggered, this, [this] {
        run([this](std::uint16_t a) { return tr("Split into %n new segment(s)", nullptr, int(study_->splitIslands(a).size())); });
    });
    connect(action("smooth"), &QAction::triggered, this, [this] {
        run([this](std::uint16_t a) {
            return tr("%1: %2").arg(smoothing_->currentText()).arg(voxels(study_->smooth(a, Smoothing(smoothing_->currentIndex()), radius_->value())));
        });
    });
    const std::pair<const char*, edit::LogicalOp> ops[] = {
        {"union", edit::LogicalOp::Union}, {"subtract", edit::LogicalOp::Subtract}, {"intersect", edit::LogicalOp::Intersect}};
    for (const auto& [name, op] : ops) {
        const edit::LogicalOp o = op;
        QAction* act = action(name);
        connect(act, &QAction::triggered, this, [this, o, act] {
            run([this, o, act](std::uint16_t a) { return tr("%1: %2").arg(act->text()).arg(voxels(study_->combine(a, o, otherLabel()))); });
        });
    }
    connect(action("merge"), &QAction::triggered, this, [this] {
        run([this](std::uint16_t a) {
            study_->merge(a, otherLabel());
            return tr("Merged");
        });
    });
    connect(action("duplicate"), &QAction::triggered, this, [this] {
        run([this](std::uint16_t a) {
            const std::uint16_t copy = study_->duplicate(a);
            return tr("Duplicated as “%1” (empty: paint or combine into it)").arg(QString::fromStdString(study_->segment(copy)->name));
        });
    });

    connect(study_, &Study::segmentsChanged, this, &ToolsPanel::refresh);
    // "Split into 295 new segments" is no longer true once that step is undone.
    connect(study_, &Study::historyStepped, this, [this] { message_->clear(); });
    connect(study_, &Study::activeSegmentChanged, this, &ToolsPanel::refresh);
    connect(study_, &Study::labelsChanged, this, &ToolsPanel::refreshRecist);
    connect(study_, &Study::recistChanged, this, &ToolsPanel::refreshRecist);
    refresh();
}

QString ToolsPanel::recistSummary() const { return recist_->text(); }

// Not while a stroke is held: its voxels change with every mouse move.
void ToolsPanel::refreshRecist() {
    if (study_->stroking()) return;
    const std::uint16_t active = study_->activeLabel();
    recist_->setText(study_->segment(active) ? recistText(study_->recist(active)) : tr("No segment selected."));
    action("resetAxes")->setEnabled(study_->segment(active) && study_->recist(active).edited);
}

QAction* ToolsPanel::addTool(const QString& name, const QString& text, Command key, const QString& tip) {
    auto* a = new QAction(text, this);
    a->setObjectName(name);
    a->setToolTip(tip);
    if (key != Command::None) {
        bindShortcut(a, key, tip);
        a->setShortcutContext(Qt::WindowShortcut);
    }
    addAction(a);  // a shortcut works only for an action added to a widget
    return a;
}

QAction* ToolsPanel::action(const QString& name) const { return findChild<QAction*>(name, Qt::FindDirectChildrenOnly); }

QString ToolsPanel::lastMessage() const { return message_->text(); }

void ToolsPanel::report(const QString& text) {
    message_->setText(text);
    Q_EMIT message(text);
}

void ToolsPanel::run(const std::function<QString(std::uint16_t)>& tool) {
    try {
        report(tool(study_->activeLabel()));
    } catch (const std::exception& e) {
        report(QString::fromStdString(e.what()));
    }
}

std::uint16_t ToolsPanel::otherLabel() const { return std::uint16_t(other_->currentData().toUInt()); }

// The other-segment list follows the segments; it keeps its choice by label.
void ToolsPanel::refresh() {
    const std::uint16_t active = study_->activeLabel();
    const edit::Segment* seg = study_->segment(active);
    active_->setText(seg ? tr("Active segment: <b>%1</b>%2").arg(QString::fromStdString(seg->name).toHtmlEscaped()).arg(seg->locked ? tr(" (locked)") : QString())
                         : tr("Select a segment in the list to correct it."));
    const uint keep = other_->currentData().toUInt();
    QSignalBlocker block(other_);
    other_->clear();
    for (const auto& s : study_->segments()) {
        if (s.label == active) continue;
        QPixmap swatch(12, 12);
        swatch.fill(Study::colour(s));
        other_->addItem(QIcon(swatch), QString::fromStdString(s.name), uint(s.label));
    }
    const int i = other_->findData(keep);
    if (i >= 0) other_->setCurrentIndex(i);
    if (other_->count() == 0) other_->addItem(tr("(no other segment)"), 0u);
    refreshRecist();
}

}  // namespace lsms::ui
