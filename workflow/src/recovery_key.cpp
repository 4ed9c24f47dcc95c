#include "lsms/workflow/recovery_key.h"

#include <algorithm>
#include <sstream>

namespace lsms::workflow {

std::string recoveryKey(const SeriesInfo& series) {
    const SeriesMetadata& m = series.metadata;
    if (!m.seriesInstanceUid.empty()) return m.seriesInstanceUid;
    std::ostringstream key;
    key.precision(17);
    key << "lsms-recovery-key 1\n"
        << m.studyInstanceUid << '\n' << m.frameOfReferenceUid << '\n' << m.modality << '\n'
        << m.seriesNumber << '\n' << m.seriesDescription << '\n' << m.patientId << '\n';
    const Geometry& g = series.geometry;
    for (int a = 0; a < 3; ++a)
        key << g.size[a] << ' ' << g.spacing[a] << ' ' << g.origin[a] << ' ' << g.direction[a][0] << ' ' << g.direction[a][1]
            << ' ' << g.direction[a][2] << '\n';
    const bool anySop = std::any_of(series.slices.begin(), series.slices.end(),
                                    [](const SliceRef& s) { return !s.sopInstanceUid.empty(); });
    for (const SliceRef& s : series.slices) {
        if (anySop) key << s.sopInstanceUid;
        else if (!s.path.empty()) key << std::filesystem::absolute(s.path).lexically_normal().string();
        key << ' ' << s.frame << ' ' << s.position[0] << ' ' << s.position[1] << ' ' << s.position[2] << '\n';
    }
    return uidFromKey(key.str());
}

}  // namespace lsms::workflow
