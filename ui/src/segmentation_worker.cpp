#include "lsms/ui/segmentation_worker.h"

#include "lsms/core/error.h"
#include "lsms/workflow/answer_policy.h"

#include <QElapsedTimer>
#include <QMetaObject>

namespace lsms::ui {

SegmentationWorker::SegmentationWorker(std::shared_ptr<SegmentationEngine> engine, QObject* parent)
    : QObject(parent), engine_(std::move(engine)) {
    qRegisterMetaType<std::shared_ptr<lsms::MaskVolume>>();
    qRegisterMetaType<std::shared_ptr<const lsms::workflow::LiverContext>>();
    runner_ = new QObject;
    runner_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, runner_, &QObject::deleteLater);
    thread_.setObjectName("lsms-segmentation");
    thread_.start();
}

SegmentationWorker::~SegmentationWorker() {
    cancel_ = true;
    cancelLiver_ = true;
    thread_.quit();
    thread_.wait();
}

QString SegmentationWorker::deviceName() const {
    return engine_ ? QString::fromStdString(engine_->deviceName()) : QString("no model");
}

void SegmentationWorker::start(const CtVolume* ct, const SegmentationRequest& request) {
    if (busy_) {
        Q_EMIT failed(tr("A segmentation is already running."));
        return;
    }
    if (!engine_) {
        Q_EMIT failed(tr("No segmentation model is loaded."));
        return;
    }
    cancel_ = false;
    busy_ = true;
    QMetaObject::invokeMethod(runner_, [this, ct, request] {
        QElapsedTimer timer;
        timer.start();
        const QString prompt = QString::fromStdString(request.prompt);
        try {
            EngineAnswer answer = engine_->answer(*ct, request, [&](std::size_t done, std::size_t total) {
                const double elapsed = double(timer.elapsed()) / 1000.0;
                const double left = done > 0 ? elapsed * double(total - done) / double(done) : -1;
                Q_EMIT progress(int(done), int(total), left);
                return !cancel_.load();
            });
            auto mask = std::make_shared<MaskVolume>(std::move(answer.mask));
            const std::size_t count = workflow::AnswerPolicy::lesionCount(answer.candidates);
            busy_ = false;
            if (cancel_) {
                Q_EMIT cancelled();
            } else {
                Q_EMIT finished(prompt, mask, QString::fromStdString(answer.note));
                if (count > 0)
                    Q_EMIT candidatesFound(prompt, std::make_shared<MaskVolume>(std::move(answer.candidates)), int(count));
            }
        } catch (const Cancelled&) {
            busy_ = false;
            Q_EMIT cancelled();
        } catch (const std::bad_alloc&) {
            busy_ = false;
            Q_EMIT failed(tr("Out of memory while segmenting. Try a slice range or the CPU device."));
        } catch (const std::exception& e) {
            busy_ = false;
            Q_EMIT failed(QString::fromStdString(e.what()));
        }
    }, Qt::QueuedConnection);
}

void SegmentationWorker::startLiver(const CtVolume* ct, quint64 generation) {
    if (!engine_ || !engine_->findsLiver()) {
        Q_EMIT liverFailed(engine_ ? QString::fromStdString(engine_->liverProblem()) : tr("no segmentation model is loaded"),
                           generation);
        return;
    }
    stopLiver();
    cancelLiver_ = false;
    liverRunning_ = true;
    QMetaObject::invokeMethod(runner_, [this, ct, generation] {
        if (cancelLiver_) {
            liverRunning_ = false;
            return;
        }
        try {
            auto liver = std::make_shared<workflow::LiverContext>(engine_->findLiver(*ct, [&](std::size_t done, std::size_t total) {
                Q_EMIT liverProgress(int(done), int(total), generation);
                return !cancelLiver_.load();
            }));
            liverRunning_ = false;
            if (!cancelLiver_) Q_EMIT liverFound(std::move(liver), generation);
        } catch (const Cancelled&) {
            liverRunning_ = false;
        } catch (const std::bad_alloc&) {
            liverRunning_ = false;
            Q_EMIT liverFailed(tr("out of memory while finding the liver"), generation);
        } catch (const std::exception& e) {
            liverRunning_ = false;
            Q_EMIT liverFailed(QString::fromStdString(e.what()), generation);
        }
    }, Qt::QueuedConnection);
}

void SegmentationWorker::stopLiver() {
    if (!liverRunning_) return;
    cancelLiver_ = true;
    // The run checks the flag after each batch of slices.
    while (liverRunning_) QThread::msleep(5);
}

}  // namespace lsms::ui
