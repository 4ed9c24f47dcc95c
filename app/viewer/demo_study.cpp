#include "demo_study.h"

#include "lsms/core/error.h"
#include "lsms/core/phantom.h"
#include "lsms/io/phantom_study.h"

#include <cstdlib>
#include <unistd.h>

namespace fs = std::filesystem;

namespace lsms::app {

fs::path ensureDemoStudy(const std::function<void(const char*)>& say) {
    fs::path base;
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) base = x;
    else if (const char* h = std::getenv("HOME"); h && *h) base = fs::path(h) / ".cache";
    else base = fs::temp_directory_path();
    const fs::path dir = base / "lsms-viewer" / ("demo-phantom-seed" + std::to_string(kDemoSeed));
    if (fs::exists(dir / "truth.json")) return dir;
    say("Generating the demo study (synthetic liver CT phantom, about 10 s)…");
    // Written beside, then renamed: a half-written demo is never picked up.
    const fs::path tmp = dir.string() + ".tmp" + std::to_string(::getpid());
    std::error_code ec;
    fs::remove_all(tmp, ec);
    phantom::PhantomOptions o;
    o.seed = kDemoSeed;
    writePhantomStudy(phantom::generatePhantom(o), tmp);
    fs::remove_all(dir, ec);
    fs::rename(tmp, dir, ec);
    if (ec) throw IoError("cannot create the demo study in " + dir.string() + ": " + ec.message());
    return dir;
}

}  // namespace lsms::app
