// lsms deidentify PATH --out DIR [--key K] [--patient-name N] [--patient-id ID]:
// de-identified copies (PS3.15 Basic Profile, lsms/io/deidentify.h) of every
// DICOM file under PATH, for sharing a case: the CT and the SEG/SR drawn on it,
// de-identified under one key, still reference each other.
#include "args.h"
#include "commands.h"

#include "lsms/core/error.h"
#include "lsms/io/deidentify.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>

namespace fs = std::filesystem;

namespace lsms::cli {

namespace {

bool looksLikeDicom(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    char magic[4] = {};
    in.seekg(128);
    return in.read(magic, 4) && std::string(magic, 4) == "DICM";
}

}  // namespace

int cmdDeidentify(const Argv& argv) {
    Args args(argv, {"out", "key", "patient-name", "patient-id"}, {});
    const std::string usage =
        "lsms deidentify PATH --out DIR [--key K] [--patient-name NAME] [--patient-id ID]\n"
        "  de-identified copies (PS3.15 Basic Application Level Confidentiality Profile) of every DICOM file\n"
        "  under PATH, written to DIR as 000001.dcm, 000002.dcm, ...; names, IDs, dates, descriptions,\n"
        "  institution and staff removed or replaced, UIDs replaced under the key\n"
        "  --key: the same key de-identifies more objects of the case consistently (a SEG exported\n"
        "         with `lsms segment --deidentify-key`); without it a random key is made and printed\n"
        "  --patient-name (default ANONYMOUS), --patient-id (default: derived from the ID and the key)";
    args.expectPositionals(1, 1, usage);
    if (!args.has("out")) throw InputError("missing --out DIR\nusage: " + usage);
    const fs::path in = args.positionals()[0], out = args.value("out");
    std::error_code ec;
    if (!fs::exists(in, ec)) throw IoError("no such file or folder: " + in.string());
    if (fs::exists(out, ec) && !fs::is_empty(out, ec))
        throw InputError(out.string() + " is not empty: de-identified copies go to a new or empty folder, never beside other files");
    const fs::path inAbs = fs::weakly_canonical(in, ec), outAbs = fs::weakly_canonical(out, ec);
    if (!outAbs.empty() && outAbs.string().rfind(inAbs.string(), 0) == 0)
        throw InputError("--out must not lie inside " + in.string());

    std::vector<fs::path> files;
    std::size_t skipped = 0;
    if (fs::is_directory(in)) {
        for (const auto& e : fs::recursive_directory_iterator(in))
            if (e.is_regular_file()) {
                // A DICOMDIR lists patients by name; it is not copied.
                if (e.path().filename() != "DICOMDIR" && looksLikeDicom(e.path())) files.push_back(e.path());
                else ++skipped;
            }
    } else {
        files.push_back(in);
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) throw InputError("no DICOM file under " + in.string());

    DeidentifyOptions options;
    const bool madeKey = !args.has("key");
    options.key = madeKey ? randomDeidentifyKey() : args.value("key");
    if (options.key.empty()) throw InputError("--key cannot be empty");
    options.patientName = args.value("patient-name", options.patientName);
    options.patientId = args.value("patient-id");

    fs::create_directories(out);
    for (std::size_t n = 0; n < files.size(); ++n) {
        char name[32];
        std::snprintf(name, sizeof name, "%06zu.dcm", n + 1);
        deidentifyFile(files[n], out / name, options);
    }
    std::cout << "de-identified " << files.size() << " DICOM file(s) into " << out.string();
    if (skipped) std::cout << " (" << skipped << " other file(s) not copied)";
    std::cout << "\n";
    // The key links these copies to the originals: it is shown, never stored.
    if (madeKey) std::cout << "key " << options.key << " (give it as --key to de-identify more objects of this case consistently)\n";
    return 0;
}

}  // namespace lsms::cli
