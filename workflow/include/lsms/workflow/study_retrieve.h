#pragma once
// Retrieving from a PACS into the program's own managed folder and the local
// study list, as the study browser and `lsms pacs get` do: one folder per
// study under the managed folder, never inside the user's folders, and what
// arrived is indexed even when the retrieve breaks off.
#include "lsms/net/study_list.h"
#include "lsms/workflow/pacs_server.h"

#include <filesystem>
#include <string>

namespace lsms::workflow {

struct RetrievedStudy {
    std::filesystem::path folder;  // <managed folder>/<Study Instance UID>
    net::RetrieveResult result;
    net::ImportReport index;
};

// True for a DICOM UID: 1 to 64 characters, digits and dots. A UID names
// folders here, so one from the PACS's answer or the command line is checked.
bool isDicomUid(const std::string& uid);

// Retrieves a study (seriesInstanceUid empty) or one of its series into the
// study's managed folder and indexes the files in `list`. A retrieve that
// breaks off still indexes what arrived, then throws the PacsError, which
// says how many arrived and where they are.
RetrievedStudy retrieveIntoStudyList(const PacsServer& server, net::StudyList& list, const std::string& studyInstanceUid,
                                     const std::string& seriesInstanceUid, const net::RetrieveProgress& progress = {});

// The local study list the viewer and the CLI share: studies.sqlite in
// net::defaultDataFolder(), retrieved files under its "retrieved" folder.
// `databaseFile` overrides the list's file (the managed folder stays).
net::StudyList openStudyList(const std::filesystem::path& databaseFile = {});

}  // namespace lsms::workflow
