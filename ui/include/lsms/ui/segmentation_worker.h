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

    // A prompt run is going (the liver pass does not count: a prompt sent
    // while it runs waits for it on the same thread).
    bool busy() const { return busy_; }
    bool findingLiver() const { return liverRunning_; }
    QString deviceName() const;
    // Starts a run on the worker thread; `ct` must outlive the run.
    void start(const CtVolume* ct, const SegmentationRequest& request);
    void cancel() { cancel_ = true; }

    // The engine's liver pass on the worker thread, for the series of
    // `generation` (Study::volumeGeneration); `ct` must outlive the run:
    // call stopLiver() before the volume is replaced. Emits liverFound, or
    // liverFailed with the reason (an engine without a liver pass says so
    // without running anything); a stopped run emits nothing.
    void startLiver(const CtVolume* ct, quint64 generation);
    // Cancels a running liver pass and waits (at most one batch of slices) until it has stopped.
    void stopLiver();

Q_SIGNALS:
    void progress(int done, int total, double secondsLeft);
    // note: what to read with the answer (EngineAnswer::note), maybe empty.
    void finished(const QString& prompt, std::shared_ptr<MaskVolume> mask, const QString& note);
    // Right after finished when the answer left lesions out
    // (EngineAnswer::candidates): their voxels and how many lesions they
    // make (AnswerPolicy::lesionCount, counted here off the UI thread).
    void candidatesFound(const QString& prompt, std::shared_ptr<MaskVolume> candidates, int count);
    void failed(const QString& message);
    void cancelled();
    void liverProgress(int done, int total, quint64 generation);
    void liverFound(std::shared_ptr<const lsms::workflow::LiverContext> liver, quint64 generation);
    void liverFailed(const QString& message, quint64 generation);

private:
    std::shared_ptr<SegmentationEngine> engine_;
    QThread thread_;
    QObject* runner_ = nullptr;
    std::atomic<bool> cancel_{false};
    std::atomic<bool> busy_{false};
    std::atomic<bool> liverRunning_{false};
    std::atomic<bool> cancelLiver_{false};
};

}  // namespace lsms::ui

Q_DECLARE_METATYPE(std::shared_ptr<lsms::MaskVolume>)
Q_DECLARE_METATYPE(std::shared_ptr<const lsms::workflow::LiverContext>)
