#include "lsms/core/atomic_file.h"

#include "lsms/core/error.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace lsms {

namespace {

constexpr const char* kTemporaryMark = ".lsms-tmp-";

std::string reason(int error) { return std::strerror(error); }

// A writer's own message rarely names the system's reason (DCMTK says "write
// error"), so the errno it left is added when the message lacks it.
std::string withReason(std::string message, int error) {
    if (error != 0 && message.find(reason(error)) == std::string::npos) message += " (" + reason(error) + ")";
    return message;
}

class Temporary {
public:
    Temporary(const fs::path& file, const AtomicWriteOptions& options) {
        static std::atomic<unsigned> counter{0};
        const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
        path_ = dir / ("." + file.filename().string() + kTemporaryMark + std::to_string(::getpid()) + "-" +
                       std::to_string(counter++) + options.temporaryExtension);
        // Created here, exclusively, so that the name is ours and a file meant for
        // this user alone is never readable by others, not even half written.
        const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, options.ownerOnly ? 0600 : 0666);
        if (fd < 0) throw IoError("cannot write " + file.string() + ": cannot create a file in " + dir.string() + ": " + reason(errno));
        ::close(fd);
    }
    ~Temporary() {
        if (!path_.empty()) ::unlink(path_.c_str());
    }
    const fs::path& path() const { return path_; }
    void release() { path_.clear(); }

private:
    fs::path path_;
};

}  // namespace

bool isTemporaryWriteName(const fs::path& name) {
    const std::string n = name.filename().string();
    return !n.empty() && n[0] == '.' && n.find(kTemporaryMark) != std::string::npos;
}

void writeFileAtomically(const fs::path& file, const std::function<bool(const fs::path&)>& write,
                         AtomicWriteOptions options) {
    if (file.empty() || file.filename().empty() || file.filename() == "." || file.filename() == "..")
        throw IoError("cannot write '" + file.string() + "': not a file name");
    const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
    std::error_code ec;
    if (options.createFolder && !fs::is_directory(dir, ec)) {
        fs::create_directories(dir, ec);
        if (ec) throw IoError("cannot write " + file.string() + ": cannot create the folder " + dir.string() + ": " + ec.message());
    }
    if (fs::is_directory(file, ec)) throw IoError("cannot write " + file.string() + ": it is a folder");

    Temporary tmp(file, options);
    errno = 0;
    bool written = false;
    try {
        written = write(tmp.path());
    } catch (const IoError& e) {
        throw IoError(withReason(std::string(e.what()).find(file.string()) == std::string::npos
                                     ? "cannot write " + file.string() + ": " + e.what()
                                     : std::string(e.what()),
                                 errno));
    } catch (const Error&) {
        throw;  // bad input, cancelled: not about the disk
    } catch (const std::exception& e) {
        throw IoError(withReason("cannot write " + file.string() + ": " + e.what(), errno));
    }
    if (!written) throw IoError(withReason("cannot write " + file.string(), errno));

    if (options.durable) {
        const int fd = ::open(tmp.path().c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) throw IoError("cannot write " + file.string() + ": the written file is gone: " + reason(errno));
        if (::fsync(fd) != 0) {
            const int e = errno;
            ::close(fd);
            throw IoError("cannot write " + file.string() + ": cannot sync it to disk: " + reason(e));
        }
        ::close(fd);
    }
    if (::rename(tmp.path().c_str(), file.c_str()) != 0)
        throw IoError("cannot write " + file.string() + ": cannot put it in place of the previous file: " + reason(errno));
    tmp.release();

    if (!options.durable) return;
    // Without this the rename itself may be lost on a power cut.
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        const int rc = ::fsync(dfd);
        const int e = errno;
        ::close(dfd);
        if (rc != 0 && e != EINVAL)
            throw IoError("wrote " + file.string() + " but cannot sync its folder to disk (" + reason(e) +
                          "): the file may be lost if the computer loses power now");
    }
}

void writeFileAtomically(const fs::path& file, std::string_view bytes, AtomicWriteOptions options) {
    writeFileAtomically(
        file,
        [&](const fs::path& tmp) {
            const int fd = ::open(tmp.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
            if (fd < 0) throw IoError(reason(errno));
            for (std::size_t done = 0; done < bytes.size();) {
                const ssize_t w = ::write(fd, bytes.data() + done, bytes.size() - done);
                if (w < 0 && errno == EINTR) continue;
                if (w <= 0) {
                    const int e = errno;
                    ::close(fd);
                    throw IoError(reason(e));
                }
                done += std::size_t(w);
            }
            if (::close(fd) != 0) throw IoError(reason(errno));
            return true;
        },
        options);
}

void ensurePrivateFolder(const fs::path& folder) {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec || !fs::is_directory(folder, ec))
        throw IoError("cannot create the folder " + folder.string() + ": " + (ec ? ec.message() : "not a folder"));
    if (::chmod(folder.c_str(), 0700) != 0)
        throw IoError("cannot make the folder " + folder.string() + " private: " + reason(errno));
}

}  // namespace lsms
