#pragma once
// Runs a SegmentationEngine on its own thread. The UI thread only sends a
// request and receives signals; Cancel takes effect at the engine's next
// progress call (a batch of slices).
#include "lsms/ui/segmentation_engine.h"

#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <memory>

namespace lsms::ui {

class SegmentationWorker : public QObject {
    Q_OBJECT
public:
    explicit SegmentationWorker(std::shared_ptr<SegmentationEngine> engine, QObject* parent = nullptr);
    ~SegmentationWorker() override;

    bool busy() const { return busy_; }
    QString deviceName() const;
    // Starts a run on the worker thread; `ct` must outlive the run.
    void start(const CtVolume* ct, const SegmentationRequest& request);
    void cancel() { cancel_ = true; }

Q_SIGNALS:
    void progress(int done, int total, double secondsLeft);
    // note: what to read with the answer (EngineAnswer::note), maybe empty.
    void finished(const QString& prompt, std::shared_ptr<MaskVolume> mask, const QString& note);
    void failed(const QString& message);
    void cancelled();

private:
    std::shared_ptr<SegmentationEngine> engine_;
    QThread thread_;
    QObject* runner_ = nullptr;
    std::atomic<bool> cancel_{false};
    std::atomic<bool> busy_{false};
};

}  // namespace lsms::ui

Q_DECLARE_METATYPE(std::shared_ptr<lsms::MaskVolume>)
