#pragma once
// Writing a file so that whoever reads it — the viewer after a crash, a PACS
// picking up an export — sees either the previous file or the complete new
// one, never a part: the bytes go to a temporary file in the same folder, which
// is synced, renamed over the final name, and the folder synced. Any failure
// (disk full, I/O error, read-only folder, a failed sync or rename) throws
// IoError naming the file and the system's reason, removes the temporary file
// and leaves the previous file as it was.
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace lsms {

struct AtomicWriteOptions {
    // 0600 instead of the umask's mode: for files holding patient data that
    // the user did not ask for (sessions, recovery files).
    bool ownerOnly = false;
    // Appended to the temporary file's name, for writers that choose the format
    // by the name's extension (ITK's NIfTI writer: ".nii.gz").
    std::string temporaryExtension;
    // Sync the file and its folder to disk. Off only for files that can be made
    // again at will (generated phantom series), where hundreds of syncs cost seconds.
    bool durable = true;
    // Create the file's folder (and its parents) if missing; otherwise a
    // missing folder is an error, as a mistyped path should be.
    bool createFolder = false;
};

// `write` creates the file at the temporary path it is given (any library's
// writer can do that) and throws, or returns false, if it could not.
void writeFileAtomically(const std::filesystem::path& file,
                         const std::function<bool(const std::filesystem::path& temporary)>& write,
                         AtomicWriteOptions options = {});

// The same for bytes already in memory (JSON, CSV, text).
void writeFileAtomically(const std::filesystem::path& file, std::string_view bytes, AtomicWriteOptions options = {});

// A folder only this user can enter (0700), created with its parents if missing;
// an existing folder is tightened to 0700. Throws IoError if it cannot be made.
void ensurePrivateFolder(const std::filesystem::path& folder);

// True for the names writeFileAtomically gives its temporary files, so that
// folder listings and clean-ups can skip or remove what a killed write left.
bool isTemporaryWriteName(const std::filesystem::path& name);

}  // namespace lsms
