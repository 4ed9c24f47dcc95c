#include "lsms/ui/welcome_view.h"

#include "lsms/core/version.h"

#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace lsms::ui {

WelcomeView::WelcomeView(QWidget* parent) : QWidget(parent) {
    setObjectName("welcome");
    auto* title = new QLabel(tr("<h1>LSMS Viewer</h1><p>Version %1</p>").arg(QString::fromUtf8(kVersion)));
    auto* about = new QLabel(
        tr("Open a liver CT, type which lesions you mean (\u201cthe largest hypodense lesion in the right lobe\u201d), "
           "and review the lesions LSMS segments, one by one.<br><br>"
           "<b>The networks were trained on synthetic liver CT phantoms only, never on patient data: review every "
           "mask before use.</b>"));
    about->setWordWrap(true);
    open_ = new QPushButton(tr("Open DICOM folder\u2026"));
    open_->setObjectName("welcomeOpen");
    demo_ = new QPushButton(tr("Open the demo study (a synthetic phantom)"));
    demo_->setObjectName("welcomeDemo");
    recent_ = new QListWidget;
    recent_->setObjectName("welcomeRecent");
    auto* hint = new QLabel(tr("Recent studies (double-click to open) \u2014 or drop a DICOM folder anywhere on this window:"));
    hint->setWordWrap(true);

    auto* column = new QVBoxLayout;
    column->addWidget(title);
    column->addWidget(about);
    column->addSpacing(12);
    column->addWidget(open_);
    column->addWidget(demo_);
    column->addSpacing(12);
    column->addWidget(hint);
    column->addWidget(recent_, 1);
    auto* frame = new QWidget;
    frame->setMaximumWidth(640);
    frame->setLayout(column);
    auto* outer = new QHBoxLayout(this);
    outer->addStretch(1);
    outer->addWidget(frame, 3);
    outer->addStretch(1);

    connect(open_, &QPushButton::clicked, this, &WelcomeView::openFolderRequested);
    connect(demo_, &QPushButton::clicked, this, &WelcomeView::demoRequested);
    connect(recent_, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { Q_EMIT recentRequested(item->text()); });
}

void WelcomeView::setRecent(const QStringList& paths) {
    recent_->clear();
    recent_->addItems(paths);
    if (paths.isEmpty()) {
        auto* none = new QListWidgetItem(tr("(none yet)"));
        none->setFlags(Qt::NoItemFlags);
        recent_->addItem(none);
    }
}

}  // namespace lsms::ui
