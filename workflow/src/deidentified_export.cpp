#include "lsms/workflow/deidentified_export.h"

#include "lsms/core/atomic_file.h"
#include "lsms/core/error.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace fs = std::filesystem;

namespace lsms::workflow {

namespace {

class Scratch {
public:
    Scratch() {
        std::string pattern = (fs::temp_directory_path() / "lsms-deidentify-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) throw IoError("cannot make a private scratch folder: " + std::string(std::strerror(errno)));
        path_ = pattern;  // mkdtemp makes it 0700
    }
    ~Scratch() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

}  // namespace

void writeDeidentified(const std::function<void(const fs::path&)>& write,
                       const std::vector<std::pair<fs::path, fs::path>>& files, const DeidentifyOptions& options) {
    if (options.key.empty()) throw InputError("de-identification needs a key");
    Scratch scratch;
    write(scratch.path());
    for (const auto& [name, final] : files) deidentifyFile(scratch.path() / name, final, options);
}

}  // namespace lsms::workflow
