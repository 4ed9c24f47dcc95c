#pragma once
// What the window shows before a study is open: open a folder, the demo
// study, or a recent study, and what the networks were trained on.
#include <QStringList>
#include <QWidget>

class QListWidget;
class QPushButton;

namespace lsms::ui {

class WelcomeView : public QWidget {
    Q_OBJECT
public:
    explicit WelcomeView(QWidget* parent = nullptr);
    void setRecent(const QStringList& paths);
    QListWidget* recentList() const { return recent_; }
    QPushButton* openButton() const { return open_; }
    QPushButton* demoButton() const { return demo_; }

Q_SIGNALS:
    void openFolderRequested();
    void demoRequested();
    void recentRequested(const QString& path);

private:
    QListWidget* recent_;
    QPushButton* open_;
    QPushButton* demo_;
};

}  // namespace lsms::ui
