#include "lsms/models/nn/checkpoint.h"

#include "lsms/core/error.h"

#include <cstdlib>
#include <map>
#include <thread>
#include <system_error>

namespace lsms::models {

namespace fs = std::filesystem;

void saveCheckpoint(LsmsNet& net, const fs::path& file) {
    const fs::path tmp = file.string() + ".partial";
    try {
        if (file.has_parent_path()) fs::create_directories(file.parent_path());
        torch::serialize::OutputArchive archive;
        archive.write("lsms_format", c10::IValue(std::string(kCheckpointFormat)));
        archive.write("lsms_config", c10::IValue(net->options().toText()));
        // Saved from the CPU so a checkpoint written on a GPU loads anywhere.
        const auto device = net->parameters().empty() ? torch::Device(torch::kCPU) : net->parameters()[0].device();
        net->to(torch::kCPU);
        net->save(archive);
        net->to(device);
        archive.save_to(tmp.string());
        fs::rename(tmp, file);
    } catch (const c10::Error& e) {
        std::error_code ec;
        fs::remove(tmp, ec);
        throw IoError("cannot write model file " + file.string() + ": " + e.what_without_backtrace());
    } catch (const fs::filesystem_error& e) {
        throw IoError("cannot write model file " + file.string() + ": " + e.what());
    }
}

namespace {

std::map<std::string, std::vector<std::int64_t>> shapes(const LsmsNet& net) {
    std::map<std::string, std::vector<std::int64_t>> s;
    for (const auto& p : net->named_parameters()) s[p.key()] = p.value().sizes().vec();
    for (const auto& b : net->named_buffers()) s[b.key()] = b.value().sizes().vec();
    return s;
}

std::string readString(torch::serialize::InputArchive& archive, const std::string& key) {
    c10::IValue v;
    if (!archive.try_read(key, v) || !v.isString()) return {};
    return v.toStringRef();
}

}  // namespace

LsmsNet loadCheckpoint(const fs::path& file, const torch::Device& device) {
    const std::string where = "model file " + file.string();
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) throw ModelError(where + " does not exist");
    torch::serialize::InputArchive archive;
    try {
        archive.load_from(file.string(), torch::kCPU);
    } catch (const c10::Error& e) {
        throw ModelError(where + " is not a readable LSMS model (corrupt or not a torch archive)");
    }
    const std::string format = readString(archive, "lsms_format");
    if (format.empty()) throw ModelError(where + " is not an LSMS model (no format tag)");
    if (format != kCheckpointFormat)
        throw ModelError(where + " has format '" + format + "'; this build reads '" + kCheckpointFormat + "'");
    const LsmsOptions options = LsmsOptions::fromText(readString(archive, "lsms_config"));

    LsmsNet net{nullptr};
    try {
        net = LsmsNet(options);
    } catch (const c10::Error& e) {
        throw ModelError(where + " describes an invalid network: " + e.what_without_backtrace());
    }
    const auto expected = shapes(net);
    try {
        net->load(archive);
    } catch (const c10::Error& e) {
        throw ModelError(where + " does not match its network: " + e.what_without_backtrace());
    }
    // Module::load replaces tensors wholesale, so check that every shape
    // still is what the configuration implies.
    if (shapes(net) != expected) throw ModelError(where + " has tensors of the wrong shape for its configuration");
    net->to(device);
    net->eval();
    return net;
}

namespace {
// Debian's LibTorch was seen to start with one intra-op thread on this
// machine class (3x slower training on 2 cores); use every core unless the
// user pinned OMP_NUM_THREADS.
void useAllCores() {
    static const bool once = [] {
        const char* omp = std::getenv("OMP_NUM_THREADS");
        const int cores = int(std::thread::hardware_concurrency());
        if ((!omp || !*omp) && cores > 0 && torch::get_num_threads() < cores) torch::set_num_threads(cores);
        return true;
    }();
    (void)once;
}
}  // namespace

torch::Device selectDevice(const std::string& name) {
    useAllCores();
    if (name.empty() || name == "auto") return torch::cuda::is_available() ? torch::Device(torch::kCUDA) : torch::kCPU;
    torch::Device d(torch::kCPU);
    try {
        d = torch::Device(name);
    } catch (const c10::Error&) {
        throw InputError("unknown device '" + name + "' (use cpu, cuda or auto)");
    }
    if (d.is_cuda() && !torch::cuda::is_available())
        throw InputError("CUDA was requested but is not available in this build or on this machine");
    return d;
}

}  // namespace lsms::models
