#include "instance_files.h"
#include "scu.h"

#include "lsms/core/atomic_file.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcobject.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/dimse.h>
#include <dcmtk/dcmnet/dstorscp.h>

#include <atomic>
#include <mutex>
#include <thread>

namespace lsms::net {

namespace {

// Our own storage SCP for the duration of one C-MOVE: every instance written
// atomically under its UID; stops at the first pause after the move ends.
class MoveReceiver : public DcmStorageSCP {
public:
    MoveReceiver(const PacsPeer& peer, int port, const std::filesystem::path& outDir) : outDir_(outDir) {
        setAETitle(peer.callingAe.c_str());
        setPort(Uint16(port));
        setConnectionBlockingMode(DUL_NOBLOCK);
        setConnectionTimeout(1);
        setACSETimeout(Uint32(peer.timeoutSeconds));
        setDIMSETimeout(Uint32(peer.timeoutSeconds));
        setDIMSEBlockingMode(DIMSE_NONBLOCKING);
        setRespondWithCalledAETitle(OFTrue);
        // Storage only: with a Verification context beside these, DCMTK refused the
        // profile as "not a valid SCP association profile"; a move needs no C-ECHO.
        for (const char* uid : detail::storageClasses()) addPresentationContext(uid, detail::anySyntaxes());
    }

    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::vector<std::filesystem::path> files;
    std::size_t refused = 0;
    std::string writeError;

protected:
    Uint16 checkAndProcessSTORERequest(const T_DIMSE_C_StoreRQ& request, DcmFileFormat& file) override {
        const std::string uid = request.AffectedSOPInstanceUID;
        std::lock_guard<std::mutex> lock(mutex);
        if (!detail::safeUid(uid)) {
            ++refused;
            return STATUS_STORE_Error_CannotUnderstand;
        }
        const auto path = detail::instanceFile(outDir_, uid);
        try {
            const E_TransferSyntax xfer = file.getDataset()->getOriginalXfer();
            writeFileAtomically(path, [&](const std::filesystem::path& tmp) {
                return file.saveFile(tmp.c_str(), xfer, EET_ExplicitLength, EGL_recalcGL, EPD_noChange, 0, 0, EWM_createNewMeta).good();
            });
        } catch (const Error& e) {
            if (writeError.empty()) writeError = e.what();
            return STATUS_STORE_Refused_OutOfResources;
        }
        files.push_back(path);
        return STATUS_Success;
    }
    OFBool stopAfterConnectionTimeout() override { return stop.load(); }
    OFBool stopAfterCurrentAssociation() override { return stop.load(); }

private:
    std::filesystem::path outDir_;
};

class MoveScu : public detail::Scu {
public:
    MoveScu(const PacsPeer& peer, MoveReceiver& receiver, const RetrieveProgress& progress)
        : Scu(peer), receiver_(receiver), progress_(progress) {}

    std::size_t remaining = 0, failed = 0;
    bool cancelled = false;
    Uint16 lastStatus = STATUS_Success;

    OFCondition handleMOVEResponse(const T_ASC_PresentationContextID presID, RetrieveResponse* response,
                                   OFBool& waitForNextResponse) override {
        const OFCondition cond = Scu::handleMOVEResponse(presID, response, waitForNextResponse);
        if (response) {
            remaining = response->m_numberOfRemainingSubops;
            failed = response->m_numberOfFailedSubops;
            lastStatus = response->m_status;
        }
        std::size_t got = 0;
        {
            std::lock_guard<std::mutex> lock(receiver_.mutex);
            got = receiver_.files.size();
        }
        if (waitForNextResponse && progress_ && !progress_(got, remaining, failed)) {
            cancelled = true;
            sendCANCELRequest(presID);
        }
        return cond;
    }

private:
    MoveReceiver& receiver_;
    RetrieveProgress progress_;
};

}  // namespace

RetrieveResult moveInstances(const PacsPeer& peer, const std::string& studyUid, const std::string& seriesUid, int listenPort,
                             const std::filesystem::path& outDir, const RetrieveProgress& progress) {
    if (listenPort < 1 || listenPort > 65535) throw PacsError("the port to receive on must be 1 to 65535");
    if (peer.tls)
        throw PacsError("C-MOVE over TLS is not supported (the PACS would have to open a TLS connection back to us): retrieve by C-GET");
    detail::prepareRetrieve(studyUid, outDir);

    // DcmSCP's listening switches dcmdata's input correction off for the
    // whole process and leaves it off; files read afterwards then keep the
    // NUL padding of odd-length UIDs, and writing a SEG from them fails.
    // Destroyed after the listening thread is joined (declared before it).
    struct RestoreInputCorrection {
        OFBool was = dcmEnableAutomaticInputDataCorrection.get();
        ~RestoreInputCorrection() { dcmEnableAutomaticInputDataCorrection.set(was); }
    } restoreCorrection;
    MoveReceiver receiver(peer, listenPort, outDir);
    if (const OFCondition open = receiver.openListenPort(); open.bad())
        throw PacsError("cannot receive on port " + std::to_string(listenPort) + " as " + peer.callingAe + ": " + open.text() +
                        " (is another program listening there?)");
    std::thread listening([&] { receiver.acceptAssociations(); });
    struct Stop {
        MoveReceiver& r;
        std::thread& t;
        ~Stop() {
            r.stop = true;
            t.join();
        }
    } stopAtEnd{receiver, listening};

    MoveScu scu(peer, receiver, progress);
    scu.addPresentationContext(UID_MOVEStudyRootQueryRetrieveInformationModel, detail::uncompressedSyntaxes());
    scu.open();
    const T_ASC_PresentationContextID id = scu.findPresentationContextID(UID_MOVEStudyRootQueryRetrieveInformationModel, "");
    if (id == 0) throw PacsError(detail::describe(peer) + " does not offer study-root C-MOVE");
    DcmDataset keys;
    detail::retrieveKeys(keys, studyUid, seriesUid);
    OFList<RetrieveResponse*> responses;
    const OFCondition cond = scu.sendMOVERequest(id, peer.callingAe.c_str(), &keys, &responses);
    for (auto* r : responses) delete r;

    RetrieveResult result;
    {
        std::lock_guard<std::mutex> lock(receiver.mutex);
        result.files = receiver.files;
        result.failed = scu.failed + receiver.refused;
    }
    result.cancelled = scu.cancelled;
    const std::string arrived = detail::arrivedText(result.files.size(), outDir);
    if (!receiver.writeError.empty()) throw IoError("retrieve stopped: " + receiver.writeError + "; " + arrived);
    if (result.cancelled) return result;
    if (cond.bad()) {
        try {
            scu.check(cond, "the move broke off");
        } catch (const PacsError& e) {
            // Orthanc, among others, drops the association of a C-MOVE from
            // an AE title it does not list, rather than answering 0xA801.
            const std::string hint = result.files.empty() && scu.lastStatus == STATUS_Success
                                         ? " (a PACS that does not list our AE title " + peer.callingAe +
                                               " may do that at a C-MOVE: add it, with this host and port " +
                                               std::to_string(listenPort) + ", to the PACS's modalities, or use C-GET)"
                                         : std::string();
            throw PacsError(std::string(e.what()) + hint + "; " + arrived);
        }
    }
    // 0xA801: the PACS does not know where to send (our AE title is not in its list).
    if (scu.lastStatus == 0xA801)
        throw PacsError(detail::describe(peer) + " does not know the move destination " + peer.callingAe +
                        ": add it (AE title, this host, port " + std::to_string(listenPort) + ") to the PACS's modalities, or use C-GET");
    if (result.files.empty() && result.failed == 0)
        throw PacsError(detail::nothingMatched(detail::describe(peer), studyUid, seriesUid) +
                        (scu.lastStatus != STATUS_Success ? " (status " + detail::statusText(scu.lastStatus) + ")" : std::string()));
    return result;
}

}  // namespace lsms::net
