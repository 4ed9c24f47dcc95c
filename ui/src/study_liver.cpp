#include "lsms/ui/study.h"

#include "lsms/core/edit/delta.h"

namespace lsms::ui {

bool Study::setLiver(std::shared_ptr<const workflow::LiverContext> liver) {
    if (liver && !(hasVolume() && liver->mask.geometry.sameGrid(ct_.geometry) && liver->mask.data.size() == ct_.data.size()))
        return false;
    liver_ = std::move(liver);
    liverStatus_.clear();
    Q_EMIT liverChanged();
    return true;
}

const Study::LiverFigures& Study::liverFigures() const {
    LiverFigures& f = liverFigures_;
    if (f.valid && f.serial == changeSerial_ && f.liver == liver_.get()) return f;
    f = {};
    if (hasVolume() && liver_) {
        if (!counts_ || countsSerial_ != changeSerial_ || countsLiver_ != liver_.get()) {
            if (stroking()) {
                // Mid-stroke: counted afresh, but not kept as the base the commit's delta moves.
                const workflow::LiverCounts now(labels(), liver_->mask);
                f.where = now.locations();
                f.burden = now.burden(labels().geometry);
            } else {
                counts_.emplace(labels(), liver_->mask);
                countsSerial_ = changeSerial_;
                countsLiver_ = liver_.get();
            }
        }
        if (counts_ && countsSerial_ == changeSerial_ && countsLiver_ == liver_.get()) {
            f.where = counts_->locations();
            f.burden = counts_->burden(labels().geometry);
        }
    }
    f.serial = changeSerial_;
    f.liver = liver_.get();
    f.valid = true;
    return f;
}

void Study::moveCounts(const edit::Change& change, std::uint64_t baseSerial) {
    if (!counts_ || countsSerial_ != baseSerial || !liver_ || countsLiver_ != liver_.get()) {
        counts_.reset();
        return;
    }
    const MaskVolume& mask = liver_->mask;
    edit::forEachRun(change.step.delta, [&](std::size_t start, std::size_t length, std::size_t oldValue, std::size_t newValue) {
        if (change.forward) counts_->move(mask, start, length, std::uint16_t(oldValue), std::uint16_t(newValue));
        else counts_->move(mask, start, length, std::uint16_t(newValue), std::uint16_t(oldValue));
    });
    countsSerial_ = changeSerial_;
}

const std::map<std::uint16_t, workflow::LiverLocation>& Study::lesionLocations() const { return liverFigures().where; }

const workflow::TumourBurden& Study::tumourBurden() const { return liverFigures().burden; }

void Study::setLiverStatus(const QString& status) {
    liverStatus_ = status;
    Q_EMIT liverStatusChanged();
}

}  // namespace lsms::ui
