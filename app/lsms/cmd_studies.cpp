// lsms studies import|list: the local study list (lsms/net/study_list.h)
// from the command line. Prints and parses only.
#include "args.h"
#include "commands.h"

#include "lsms/net/study_list.h"
#include "lsms/workflow/study_retrieve.h"

#include <nlohmann/json.hpp>

#include <iomanip>
#include <iostream>

namespace fs = std::filesystem;

namespace lsms::cli {

namespace {

const char* kStudiesUsage =
    "lsms studies import PATH [--db FILE]          index the DICOM series under PATH (left where they are)\n"
    "lsms studies list [--patient NAME] [--patient-id ID] [--date D[-D]] [--modality M] [--json] [--db FILE]\n"
    "  the list is studies.sqlite in $XDG_DATA_HOME/LSMS Viewer (~/.local/share/LSMS Viewer), beside the\n"
    "  files `lsms pacs get` retrieves without --out";

}  // namespace

int cmdStudies(const Argv& argv) {
    Args a(argv, {"db", "patient", "patient-id", "date", "modality", "limit"}, {"json"});
    a.expectPositionals(1, 2, kStudiesUsage);
    const std::string action = a.positionals()[0];
    net::StudyList list = workflow::openStudyList(a.value("db"));
    for (const auto& w : list.warnings()) std::cerr << "warning: " << w << "\n";
    if (action == "import") {
        if (a.positionals().size() != 2) throw InputError(std::string("import needs a PATH\nusage: ") + kStudiesUsage);
        const auto r = list.importPath(a.positionals()[1]);
        for (const auto& w : r.warnings) std::cerr << "warning: " << w << "\n";
        std::cout << "indexed " << r.instancesAdded << " instance(s)";
        if (r.duplicates) std::cout << "; " << r.duplicates << " already listed under the same UID";
        std::cout << "\n";
        return 0;
    }
    if (action != "list" || a.positionals().size() != 1)
        throw InputError("unknown studies action '" + action + "'\nusage: " + std::string(kStudiesUsage));
    net::StudyQuery q;
    q.patientName = a.value("patient");
    q.patientId = a.value("patient-id");
    q.date = a.value("date");
    q.modality = a.value("modality");
    q.limit = std::size_t(a.integer("limit", static_cast<long long>(q.limit)));
    const auto studies = list.search(q);
    if (a.flag("json")) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& e : studies) {
            nlohmann::json series = nlohmann::json::array();
            for (const auto& s : e.series) {
                nlohmann::json outputs = nlohmann::json::array();
                for (const auto& o : list.outputs(s.seriesInstanceUid))
                    outputs.push_back({{"kind", o.kind == net::OutputKind::Session ? "session" : o.kind == net::OutputKind::Seg ? "seg" : "report"},
                                       {"path", o.path.string()}, {"written", o.written}, {"exists", o.exists}});
                series.push_back({{"series_instance_uid", s.seriesInstanceUid}, {"modality", s.modality},
                                  {"description", s.description}, {"instances", s.instanceCount}, {"outputs", outputs}});
            }
            out.push_back({{"patient_name", e.study.patientName}, {"patient_id", e.study.patientId}, {"study_date", e.study.studyDate},
                           {"description", e.study.description}, {"study_instance_uid", e.study.studyInstanceUid}, {"series", series}});
        }
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    for (const auto& e : studies)
        std::cout << std::left << std::setw(24) << e.study.patientName.substr(0, 23) << std::setw(12) << e.study.patientId.substr(0, 11)
                  << std::setw(10) << e.study.studyDate << std::setw(8) << e.study.modalities.substr(0, 7) << std::setw(6)
                  << e.study.seriesCount << e.study.studyInstanceUid << "\n";
    std::cout << studies.size() << " stud" << (studies.size() == 1 ? "y" : "ies") << " in the local list\n";
    return 0;
}

}  // namespace lsms::cli
