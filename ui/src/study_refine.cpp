// "Refine with prompt": an LSMS result kept only near one segment, so a
// prompt re-run to correct one lesion cannot disturb the rest of the study.
// The policy itself is workflow::AnswerPolicy's.
#include "lsms/ui/study.h"

#include "lsms/core/error.h"

namespace lsms::ui {

edit::Box Study::neighbourhood(std::uint16_t label, double marginMm) const {
    return workflow::AnswerPolicy::neighbourhood(editor_->list(), label, marginMm);
}

std::uint16_t Study::refine(const MaskVolume& mask, std::uint16_t label, double marginMm, RefineMode mode,
                            const QString& prompt, bool overwriteOthers) {
    workflow::AnswerPolicy policy;
    policy.setOverwriteOthers(overwriteOthers);
    workflow::AnswerRequest request;
    request.prompt = prompt.toStdString();
    request.refineLabel = label;
    request.refineMode = mode;
    request.refineMarginMm = marginMm;
    const workflow::AnswerOutcome outcome = applyAnswer(mask, request, policy);
    if (outcome.kind == workflow::AnswerOutcome::Kind::Empty)
        throw InputError("LSMS found nothing near the segment: it is unchanged");
    return outcome.label;
}

}  // namespace lsms::ui
