#include "lsms/workflow/answer_segments.h"

#include "lsms/core/edit/edit.h"

namespace lsms::workflow {

AnswerSegments answerSegments(const CtVolume& ct, const MaskVolume& answer, const std::string& prompt) {
    AnswerSegments out;
    out.list = edit::SegmentList(ct.geometry);
    {
        edit::Edit e(out.list, "LSMS: " + prompt);
        AnswerRequest request;
        request.prompt = prompt;
        out.outcome = AnswerPolicy().apply(e, answer, request);
        e.commit();
    }
    for (std::uint16_t label : out.outcome.labels) out.measurements.push_back(edit::measureSegment(out.list.labels(), label, &ct));
    return out;
}

}  // namespace lsms::workflow
