#include "lsms/ui/segmentation_worker.h"

#include "lsms/core/error.h"

#include <QElapsedTimer>
#include <QMetaObject>

namespace lsms::ui {

SegmentationWorker::SegmentationWorker(std::shared_ptr<SegmentationEngine> engine, QObject* parent)
    : QObject(parent), engine_(std::move(engine)) {
    qRegisterMetaType<std::shared_ptr<lsms::MaskVolume>>();
    runner_ = new QObject;
    runner_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, runner_, &QObject::deleteLater);
    thread_.setObjectName("lsms-segmentation");
    thread_.start();
}

SegmentationWorker::~SegmentationWorker() {
    cancel_ = true;
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
            busy_ = false;
            if (cancel_) Q_EMIT cancelled();
            else Q_EMIT finished(prompt, mask, QString::fromStdString(answer.note));
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

}  // namespace lsms::ui
