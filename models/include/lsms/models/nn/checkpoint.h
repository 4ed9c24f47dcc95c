#pragma once
// Checkpoint files: one torch archive holding a format tag, the network's
// configuration text (LsmsOptions::toText) and its parameters and buffers,
// so a file alone is enough to rebuild the network. TORCH HEADER.
#include "lsms/models/nn/lsms_net.h"

#include <filesystem>
#include <string>

namespace lsms::models {

inline constexpr const char* kCheckpointFormat = "lsms-checkpoint-1";

// Written to a temporary name and renamed: an interrupted save never leaves
// a truncated file under the final name. Throws IoError.
void saveCheckpoint(LsmsNet& net, const std::filesystem::path& file);

// Throws ModelError for a missing, unreadable, corrupt or foreign file, or
// one whose tensors do not fit the configuration it carries.
LsmsNet loadCheckpoint(const std::filesystem::path& file, const torch::Device& device = torch::kCPU);

// "auto": CUDA when available, else CPU; "cpu"; "cuda" / "cuda:N" (InputError if unavailable).
torch::Device selectDevice(const std::string& name);

}  // namespace lsms::models
