#include "lsms/ui/study.h"

namespace lsms::ui {

bool Study::setLiver(std::shared_ptr<const workflow::LiverContext> liver) {
    if (liver && !(hasVolume() && liver->mask.geometry.sameGrid(ct_.geometry) && liver->mask.data.size() == ct_.data.size()))
        return false;
    liver_ = std::move(liver);
    liverStatus_.clear();
    Q_EMIT liverChanged();
    return true;
}

void Study::setLiverStatus(const QString& status) {
    liverStatus_ = status;
    Q_EMIT liverStatusChanged();
}

}  // namespace lsms::ui
