#pragma once
// Annotated real data in the layout of docs/real-data.md:
//   DIR/<case>/ct.nii.gz (or DIR/<case>/dicom/ with one CT series)
//   DIR/<case>/labels.nii.gz   lesion id per voxel, on the CT's grid
//   DIR/<case>/expressions.json
// read into the cases the trainer and evaluator use. Lives in the workflow
// layer because it reads NIfTI and DICOM (lsms_io), which models/ may not link.
#include "lsms/models/annotated_case.h"

#include <filesystem>
#include <string>
#include <vector>

namespace lsms::workflow {

// Parses and checks DIR/<case>/expressions.json (every problem is an
// InputError naming the file); targets come back sorted.
std::vector<models::ReferringExpression> readExpressions(const std::filesystem::path& file);

// One case folder, checked strictly; every error names the file at fault.
// imageSize 0 keeps the CT's grid (evaluation), > 0 resamples for training.
models::PhantomCase readRealCase(const std::filesystem::path& caseDir, int imageSize, double contextSpacingMm);

// Every sub-folder of dir, in name order; InputError if there is none.
// `names`, if given, receives the case folder names.
std::vector<models::PhantomCase> readRealData(const std::filesystem::path& dir, int imageSize, double contextSpacingMm,
                                              std::vector<std::string>* names = nullptr);

}  // namespace lsms::workflow
