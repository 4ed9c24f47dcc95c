// lsms: the LSMS Viewer command-line tool.
#include "args.h"
#include "commands.h"

#include "lsms/core/version.h"
#include "lsms/core/edit/benchmark.h"
#include "lsms/core/error.h"
#include "lsms/core/openmp_wait.h"

#include <functional>
#include <iostream>
#include <map>

namespace {

using Command = std::function<int(const lsms::cli::Argv&)>;

struct Entry {
    Command run;
    const char* help;
};

std::map<std::string, Entry> commands() {
    using namespace lsms::cli;
    std::map<std::string, Entry> c;
#ifdef LSMS_WITH_IO
    c["info"] = {cmdInfo, "info PATH [--json]              list the DICOM series in a folder, DICOMDIR or file"};
    c["phantom"] = {cmdPhantom, "phantom --seed N --out DIR      write a synthetic liver CT study with ground truth"};
    c["seg-info"] = {cmdSegInfo, "seg-info SEG [--json]           segments, codes, algorithm, frames and voxels of a DICOM-SEG"};
    c["export-seg"] = {cmdExportSeg, "export-seg DICOM_DIR LABELS.nii.gz --out SEG.dcm [--keep-empty]\n"
                                     "                                  label volume -> DICOM-SEG referencing the series"};
    c["seg-to-nifti"] = {cmdSegToNifti, "seg-to-nifti SEG --out LABELS.nii.gz\n"
                                        "                                  DICOM-SEG -> label volume on its own grid"};
    c["export-nifti"] = {cmdExportNifti, "export-nifti DICOM_DIR SEG.dcm --out LABELS.nii.gz\n"
                                         "                                  DICOM-SEG -> label volume on the series' grid"};
    c["pacs"] = {cmdPacs, "pacs echo|find|get|move|store --host H --port P --aec AE ...\n"
                          "                                  query a PACS, retrieve a study (C-GET), send files (C-STORE)"};
    c["studies"] = {cmdStudies, "studies import PATH | studies list [--patient N ...]\n"
                                "                                  the local study list (SQLite)"};
    c["deidentify"] = {cmdDeidentify, "deidentify PATH --out DIR [--key K] de-identified copies (PS3.15 Basic Profile) for sharing"};
#endif
#ifdef LSMS_WITH_MESH
    c["export-mesh"] = {cmdExportMesh, "export-mesh DICOM_DIR LABELS.nii.gz --out DIR [--format stl|obj]\n"
                                       "                                  one surface mesh per label, LPS mm"};
#endif
#ifdef LSMS_WITH_MODELS
    c["train"] = {cmdTrain, "train --out DIR [...]           train LSMS (and the text-blind baseline) on phantoms or --data DIR;\n"
                            "                                  --stage scorer: its referring scorer"};
    c["eval"] = {cmdEval, "eval --model FILE [...]         evaluate on held-out phantoms or --data DIR (table or --json)"};
    c["train-fine"] = {cmdTrainFine, "train-fine --out DIR [...]      train the fine pass on ~1 mm lesion crops (resumes a stopped run)"};
    c["eval-liver"] = {cmdEvalLiver, "eval-liver --model FILE [...]   liver Dice of a coarse pass on held-out phantoms"};
    c["probe"] = {cmdProbe, "probe [--set dev] [...]         classical blob detector inside the true liver of held-out phantoms"};
#ifdef LSMS_WITH_IO
    c["segment"] = {cmdSegment, "segment PATH --prompt TEXT ...  segment the referred lesion(s) of a DICOM series"};
#endif
#endif
    return c;
}

// `bench` has its own sub-subcommands.
int runBench(const lsms::cli::Argv& args) {
    const std::string usage = "lsms bench load DIR | lsms bench seg | lsms bench edit | lsms bench model [...]";
    if (args.empty()) throw lsms::InputError("usage: " + usage);
    if (lsms::cli::isHelpFlag(args[0])) throw lsms::cli::HelpRequested{usage};
    lsms::cli::Argv rest(args.begin() + 1, args.end());
#ifdef LSMS_WITH_IO
    if (args[0] == "load") return lsms::cli::cmdBenchLoad(rest);
    if (args[0] == "seg") return lsms::cli::cmdBenchSeg(rest);
#endif
#ifdef LSMS_WITH_MODELS
    if (args[0] == "model") return lsms::cli::cmdBenchModel(rest);
#endif
    if (args[0] == "edit") {
        lsms::cli::Args(rest, {}, {}).expectPositionals(0, 0, "lsms bench edit");
        lsms::edit::runEditBenchmark(std::cout);
        return 0;
    }
    throw lsms::InputError("unknown benchmark '" + args[0] + "'");
}

void usage(std::ostream& os, const std::map<std::string, Entry>& cmds) {
    os << "usage: lsms COMMAND [ARGS]\n\ncommands:\n";
    for (const auto& [name, e] : cmds) os << "  " << e.help << "\n";
#ifdef LSMS_WITH_IO
    os << "  bench load DIR                  time our DICOM loader against ITK's\n";
    os << "  bench seg                       DICOM-SEG export and import of a 512x512x300 study, 3 segments\n";
#endif
    os << "  bench edit                      brush, islands, fill-between and undo memory on 512x512x300\n";
#ifdef LSMS_WITH_MODELS
    os << "  bench model [--device cpu|cuda] parameters, GFLOPs, latency and memory of the network\n";
#endif
}

}  // namespace

int main(int argc, char** argv) {
    lsms::useOpenMpPassiveWait(argv);  // before any LibTorch kernel runs
    const auto cmds = commands();
    if (argc < 2 || lsms::cli::isHelpFlag(argv[1])) {
        usage(argc < 2 ? std::cerr : std::cout, cmds);
        return argc < 2 ? 2 : 0;
    }
    const std::string name = argv[1];
    if (name == "--version") {
        std::cout << "lsms " << lsms::kVersion << "\n";
        return 0;
    }
    lsms::cli::Argv args(argv + 2, argv + argc);
    try {
        if (name == "bench") return runBench(args);
        auto it = cmds.find(name);
        if (it == cmds.end()) {
            std::cerr << "lsms: unknown command '" << name << "' (see lsms --help)\n";
            return 2;
        }
        return it->second.run(args);
    } catch (const lsms::cli::HelpRequested& h) {
        std::cout << "usage: " << h.usage << "\n";
        return 0;
    } catch (const lsms::Cancelled&) {
        std::cerr << "lsms: cancelled\n";
        return 130;
    } catch (const lsms::Error& e) {
        std::cerr << "lsms " << name << ": " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "lsms " << name << ": internal error: " << e.what() << "\n";
        return 3;
    }
}
