#pragma once
// The correction tools of the editing core, on the active segment: its RECIST
// axes (which slice, show them there, reset dragged ones), threshold
// brush range (typed or picked from the lesion), fill between slices, islands,
// smoothing, logical operations with another segment, merge and duplicate.
// Every button is a QAction (object name = tool, some with shortcuts) that
// runs one Study method, i.e. one undo step; results and refusals (locked,
// nothing selected) go to message().
#include "lsms/ui/shortcut_table.h"
#include "lsms/ui/study.h"

#include <QWidget>

#include <functional>

class QAction;
class QComboBox;
class QDoubleSpinBox;
class QLabel;

namespace lsms::ui {

class ToolsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ToolsPanel(Study* study, QWidget* parent = nullptr);

    // By object name: "pickThreshold", "thresholdBrush", "fillBetweenSlices",
    // "keepLargestIsland", "removeSmallIslands", "splitIslands", "smooth",
    // "union", "subtract", "intersect", "merge", "duplicate", "showAxes", "resetAxes".
    QAction* action(const QString& name) const;
    QDoubleSpinBox* minIslandMm3() const { return minIsland_; }
    QComboBox* smoothing() const { return smoothing_; }
    QDoubleSpinBox* smoothingRadiusMm() const { return radius_; }
    // The segment that logical operations and merge take from.
    QComboBox* otherSegment() const { return other_; }
    QString lastMessage() const;
    // The active segment's RECIST axes as the panel words them (recistText).
    QString recistSummary() const;

Q_SIGNALS:
    void thresholdBrushRequested();
    void message(const QString& text);

private:
    QAction* addTool(const QString& name, const QString& text, Command key, const QString& tip);
    // Runs one tool on the active segment and reports its result or refusal.
    void run(const std::function<QString(std::uint16_t active)>& tool);
    void refresh();
    void refreshRecist();
    void report(const QString& text);
    std::uint16_t otherLabel() const;

    Study* study_;
    QLabel* active_;
    QLabel* recist_;
    QDoubleSpinBox* lo_;
    QDoubleSpinBox* hi_;
    QDoubleSpinBox* minIsland_;
    QComboBox* smoothing_;
    QDoubleSpinBox* radius_;
    QComboBox* other_;
    QLabel* message_;
};

}  // namespace lsms::ui
