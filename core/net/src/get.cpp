#include "instance_files.h"
#include "scu.h"

#include "lsms/core/atomic_file.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/dimse.h>


namespace lsms::net {

namespace {

class GetScu : public detail::Scu {
public:
    GetScu(const PacsPeer& peer, const std::filesystem::path& outDir, const RetrieveProgress& progress)
        : Scu(peer), outDir_(outDir), progress_(progress) {}

    RetrieveResult result;
    std::size_t remaining = 0, reportedFailed = 0;
    std::string writeError;  // the first file that could not be written, and why

    // DCMTK hands over the received dataset: it is ours to delete (found leaking,
    // one whole instance per instance retrieved, by the ASan run).
    OFCondition handleSTORERequest(const T_ASC_PresentationContextID, DcmDataset* incoming, OFBool& continueSession,
                                   Uint16& status) override {
        // The file format takes the dataset over without a copy and deletes it.
        DcmFileFormat ff(incoming ? incoming : new DcmDataset, OFFalse);
        DcmDataset* ds = ff.getDataset();
        status = STATUS_Success;
        OFString uid;
        if (!incoming || ds->findAndGetOFString(DCM_SOPInstanceUID, uid).bad() || !detail::safeUid(uid.c_str())) {
            status = STATUS_STORE_Error_CannotUnderstand;
            ++localFailed_;
        } else {
            const auto file = detail::instanceFile(outDir_, uid.c_str());
            try {
                const E_TransferSyntax xfer = ds->getOriginalXfer();
                writeFileAtomically(file, [&](const std::filesystem::path& tmp) {
                    return ff.saveFile(tmp.c_str(), xfer, EET_ExplicitLength, EGL_recalcGL, EPD_noChange, 0, 0, EWM_createNewMeta)
                        .good();
                });
                result.files.push_back(file);
            } catch (const Error& e) {
                // A full disk: the PACS is told, the retrieve ends, what arrived stays.
                status = STATUS_STORE_Refused_OutOfResources;
                if (writeError.empty()) writeError = e.what();
                continueSession = OFFalse;
                return EC_Normal;
            }
        }
        if (progress_ && !progress_(result.files.size(), remaining, reportedFailed + localFailed_)) {
            result.cancelled = true;
            continueSession = OFFalse;
        }
        return EC_Normal;
    }

    OFCondition handleCGETResponse(const T_ASC_PresentationContextID presID, RetrieveResponse* response,
                                   OFBool& continueSession) override {
        if (response) {
            remaining = response->m_numberOfRemainingSubops;
            reportedFailed = response->m_numberOfFailedSubops;
            lastStatus = response->m_status;
        }
        return Scu::handleCGETResponse(presID, response, continueSession);
    }

    std::size_t localFailed() const { return localFailed_; }
    Uint16 lastStatus = STATUS_Success;

private:
    std::filesystem::path outDir_;
    RetrieveProgress progress_;
    std::size_t localFailed_ = 0;
};

}  // namespace

RetrieveResult getInstances(const PacsPeer& peer, const std::string& studyUid, const std::string& seriesUid,
                            const std::filesystem::path& outDir, const RetrieveProgress& progress) {
    detail::prepareRetrieve(studyUid, outDir);
    GetScu scu(peer, outDir, progress);
    scu.addPresentationContext(UID_GETStudyRootQueryRetrieveInformationModel, detail::uncompressedSyntaxes());
    for (const char* uid : detail::storageClasses()) scu.addPresentationContext(uid, detail::anySyntaxes(), ASC_SC_ROLE_SCP);
    scu.open();
    const T_ASC_PresentationContextID id = scu.findPresentationContextID(UID_GETStudyRootQueryRetrieveInformationModel, "");
    if (id == 0) throw PacsError(detail::describe(peer) + " does not offer study-root C-GET");

    DcmDataset keys;
    detail::retrieveKeys(keys, studyUid, seriesUid);
    OFList<RetrieveResponse*> responses;
    const OFCondition cond = scu.sendCGETRequest(id, &keys, &responses);
    for (auto* r : responses) delete r;
    RetrieveResult result = std::move(scu.result);
    result.failed = scu.reportedFailed + scu.localFailed();
    const std::string arrived = detail::arrivedText(result.files.size(), outDir);
    if (!scu.writeError.empty()) throw IoError("retrieve stopped: " + scu.writeError + "; " + arrived);
    if (result.cancelled) {
        scu.abortAssociation();
        return result;
    }
    if (cond.bad()) {
        try {
            scu.check(cond, "the retrieve broke off");
        } catch (const PacsError& e) {
            throw PacsError(std::string(e.what()) + "; " + arrived);
        }
    }
    if (result.files.empty() && result.failed == 0)
        throw PacsError(detail::nothingMatched(detail::describe(peer), studyUid, seriesUid) +
                        (scu.lastStatus != STATUS_Success ? " (status " + detail::statusText(scu.lastStatus) + ")" : std::string()));
    return result;
}

}  // namespace lsms::net
