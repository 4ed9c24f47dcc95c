#pragma once
// Each `lsms` subcommand: takes the arguments after its name, returns the exit status.
#include <string>
#include <vector>

namespace lsms::cli {

using Argv = std::vector<std::string>;

#ifdef LSMS_WITH_IO
int cmdInfo(const Argv& args);
int cmdPhantom(const Argv& args);
int cmdBenchLoad(const Argv& args);
int cmdSegInfo(const Argv& args);
int cmdExportSeg(const Argv& args);
int cmdSegToNifti(const Argv& args);
int cmdExportNifti(const Argv& args);
int cmdBenchSeg(const Argv& args);
int cmdDeidentify(const Argv& args);
int cmdPacs(const Argv& args);
int cmdStudies(const Argv& args);
#endif
#ifdef LSMS_WITH_MESH
// Surfaces need VTK (lsms_mesh, no Qt).
int cmdExportMesh(const Argv& args);
#endif
#ifdef LSMS_WITH_MODELS
// Added by the models work (issue 3): train, eval, segment, bench model.
int cmdTrain(const Argv& args);
int cmdTrainScorer(const Argv& args);  // lsms train --stage scorer
int cmdEval(const Argv& args);
int cmdProbe(const Argv& args);
int cmdTrainFine(const Argv& args);
int cmdEvalLiver(const Argv& args);  // the coarse pass's liver Dice on held-out phantoms  // the fine pass on lesion crops, resumable  // classical blob detector on held-out phantoms
int cmdBenchModel(const Argv& args);
#ifdef LSMS_WITH_IO
int cmdSegment(const Argv& args);
#endif
#endif

}  // namespace lsms::cli
