#include "scu.h"

#include "instance_files.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/diutil.h>
#include <dcmtk/dcmtls/tlslayer.h>
#include <dcmtk/oflog/oflog.h>

#include <cstdio>

#include <unistd.h>

namespace lsms::net::detail {

namespace {

bool contains(const OFCondition& c, const char* what) { return std::string(c.text()).find(what) != std::string::npos; }

// DCMTK's network module logs each refused association, broken pipe and
// timeout on stderr; the program says it in one line of its own instead.
void quietDcmtkNetwork() {
    static const bool done = [] {
        OFLog::getLogger("dcmtk.dcmnet").setLogLevel(OFLogger::FATAL_LOG_LEVEL);
        return true;
    }();
    (void)done;
}

}  // namespace

const std::vector<const char*>& storageClasses() {
    static const std::vector<const char*> classes = {
        UID_CTImageStorage, UID_EnhancedCTImageStorage, UID_MRImageStorage, UID_EnhancedMRImageStorage,
        UID_SegmentationStorage, UID_BasicTextSRStorage, UID_EnhancedSRStorage, UID_ComprehensiveSRStorage,
        UID_Comprehensive3DSRStorage, UID_SecondaryCaptureImageStorage, UID_PositronEmissionTomographyImageStorage,
        UID_UltrasoundImageStorage, UID_DigitalXRayImageStorageForPresentation, UID_ComputedRadiographyImageStorage,
        UID_RTStructureSetStorage, UID_KeyObjectSelectionDocumentStorage, UID_GrayscaleSoftcopyPresentationStateStorage,
        UID_EncapsulatedPDFStorage, UID_XRayAngiographicImageStorage, UID_RawDataStorage,
    };
    return classes;
}

std::string describe(const PacsPeer& p) {
    return "the PACS " + p.calledAe + " at " + p.host + ":" + std::to_string(p.port);
}

const OFList<OFString>& uncompressedSyntaxes() {
    static const OFList<OFString> list = [] {
        OFList<OFString> l;
        l.push_back(UID_LittleEndianExplicitTransferSyntax);
        l.push_back(UID_LittleEndianImplicitTransferSyntax);
        l.push_back(UID_BigEndianExplicitTransferSyntax);
        return l;
    }();
    return list;
}

const OFList<OFString>& anySyntaxes() {
    static const OFList<OFString> list = [] {
        OFList<OFString> l = uncompressedSyntaxes();
        for (const char* uid : {UID_DeflatedExplicitVRLittleEndianTransferSyntax, UID_JPEGProcess14SV1TransferSyntax,
                                UID_JPEGProcess1TransferSyntax, UID_JPEGProcess2_4TransferSyntax, UID_JPEGLSLosslessTransferSyntax,
                                UID_JPEG2000LosslessOnlyTransferSyntax, UID_JPEG2000TransferSyntax, UID_RLELosslessTransferSyntax})
            l.push_back(uid);
        return l;
    }();
    return list;
}

Scu::Scu(const PacsPeer& peer) : peer_(peer) {
    quietDcmtkNetwork();
    if (peer.host.empty()) throw PacsError("no PACS host given");
    if (peer.port < 1 || peer.port > 65535) throw PacsError("PACS port " + std::to_string(peer.port) + " is not 1 to 65535");
    for (const auto* ae : {&peer.calledAe, &peer.callingAe})
        if (ae->empty() || ae->size() > 16) throw PacsError("AE title '" + *ae + "' must be 1 to 16 characters");
    setAETitle(peer.callingAe.c_str());
    setPeerHostName(peer.host.c_str());
    setPeerPort(Uint16(peer.port));
    setPeerAETitle(peer.calledAe.c_str());
    const int t = peer.timeoutSeconds > 0 ? peer.timeoutSeconds : 30;
    setConnectionTimeout(t);
    setACSETimeout(Uint32(t));
    setDIMSETimeout(Uint32(t));
    setDIMSEBlockingMode(DIMSE_NONBLOCKING);
    // Loaded here so a missing or wrong file fails before any connection;
    // attached in open(), once DCMTK's network exists.
    if (peer.tls) tls_ = makeTlsLayer(peer, NET_REQUESTOR);
}

std::unique_ptr<DcmTLSTransportLayer> makeTlsLayer(const PacsPeer& peer, T_ASC_NetworkRole role) {
    auto tls = std::make_unique<DcmTLSTransportLayer>(role, nullptr, OFTrue);
    if (tls->setTLSProfile(TSP_Profile_BCP195).bad() || tls->activateCipherSuites().bad())
        throw PacsError("cannot set up TLS: the BCP 195 cipher suites are not available in this OpenSSL");
    auto need = [](const std::string& file, const char* what) {
        if (::access(file.c_str(), R_OK) != 0) throw PacsError(std::string("cannot read the TLS ") + what + " file " + file);
    };
    if (!peer.tlsCaFile.empty()) {
        need(peer.tlsCaFile, "CA");
        if (tls->addTrustedCertificateFile(peer.tlsCaFile.c_str(), DCF_Filetype_PEM).bad())
            throw PacsError("the TLS CA file " + peer.tlsCaFile + " holds no PEM certificate");
    } else if (tls->addTrustedCertificateDir("/etc/ssl/certs", DCF_Filetype_PEM).bad()) {
        throw PacsError("cannot load the system's trusted certificates for TLS; give the PACS's CA file");
    }
    if (peer.tlsCertificateFile.empty() != peer.tlsKeyFile.empty())
        throw PacsError("a TLS client certificate needs its key file, and a key its certificate");
    if (!peer.tlsCertificateFile.empty()) {
        need(peer.tlsCertificateFile, "certificate");
        need(peer.tlsKeyFile, "key");
        if (tls->setPrivateKeyFile(peer.tlsKeyFile.c_str(), DCF_Filetype_PEM).bad())
            throw PacsError("the TLS key file " + peer.tlsKeyFile + " holds no PEM private key (or it is encrypted)");
        if (tls->setCertificateFile(peer.tlsCertificateFile.c_str(), DCF_Filetype_PEM).bad())
            throw PacsError("the TLS certificate file " + peer.tlsCertificateFile + " holds no PEM certificate");
        if (!tls->checkPrivateKeyMatchesCertificate())
            throw PacsError("the TLS key " + peer.tlsKeyFile + " does not belong to the certificate " + peer.tlsCertificateFile);
    }
    tls->setCertificateVerification(DCV_requireCertificate);
    return tls;
}

Scu::~Scu() {
    if (isConnected()) releaseAssociation();
}

void Scu::open() {
    check(initNetwork(), "cannot start the network");
    if (tls_) check(useSecureConnection(tls_.get()), "cannot set up TLS");
    const OFCondition cond = negotiateAssociation();
    if (cond.good()) return;
    const std::string who = describe(peer_);
    if (cond == DUL_ASSOCIATIONREJECTED || contains(cond, "Rejected"))
        throw PacsError(who + " refused the association: check that its AE title is " + peer_.calledAe +
                        " and that it accepts ours (" + peer_.callingAe + ")");
    if (contains(cond, "Connection refused"))
        throw PacsError("cannot reach " + who + ": connection refused (is it running, is the port right?)");
    if (contains(cond, "timeout") || contains(cond, "Timeout"))
        throw PacsError("cannot reach " + who + ": no answer within " + std::to_string(peer_.timeoutSeconds) + " s");
    if (peer_.tls && (contains(cond, "TLS") || contains(cond, "SSL") || contains(cond, "certificate") || contains(cond, "handshake")))
        throw PacsError("the TLS handshake with " + who + " failed (" + cond.text() + "): check that it speaks TLS on this port and that " +
                        (peer_.tlsCaFile.empty() ? std::string("its certificate is signed by a CA this system trusts")
                                                 : "its certificate is signed by the CA in " + peer_.tlsCaFile));
    if (!peer_.tls && (contains(cond, "Peer aborted") || contains(cond, "never connected")))
        throw PacsError(who + " closed the connection before answering the association (" + cond.text() +
                        "): if it speaks DICOM TLS on this port, turn TLS on");
    if (cond == NET_EC_NoAcceptablePresentationContexts)
        throw PacsError(who + " accepted none of the services asked for (" + std::string(cond.text()) + ")");
    throw PacsError("cannot open an association with " + who + ": " + cond.text());
}

void Scu::check(const OFCondition& cond, const std::string& doing) const {
    if (cond.good()) return;
    std::string reason = cond.text();
    if (contains(cond, "timeout") || contains(cond, "Timeout") || cond == DIMSE_NODATAAVAILABLE)
        reason = "no answer within " + std::to_string(peer_.timeoutSeconds) + " s";
    else if (cond == DUL_PEERABORTEDASSOCIATION || cond == DUL_PEERREQUESTEDRELEASE || contains(cond, "Peer aborted") ||
             contains(cond, "connection closed") || contains(cond, "Connection closed"))
        reason = "the PACS closed the connection";
    throw PacsError(doing + " with " + describe(peer_) + ": " + reason);
}

void retrieveKeys(DcmDataset& keys, const std::string& studyUid, const std::string& seriesUid) {
    keys.putAndInsertString(DCM_QueryRetrieveLevel, seriesUid.empty() ? "STUDY" : "SERIES");
    keys.putAndInsertString(DCM_StudyInstanceUID, studyUid.c_str());
    if (!seriesUid.empty()) keys.putAndInsertString(DCM_SeriesInstanceUID, seriesUid.c_str());
}

std::string statusText(Uint16 status) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%04X", unsigned(status));
    const char* words = DU_cstoreStatusString(status);
    return std::string(hex) + (words && *words ? std::string(" (") + words + ")" : std::string());
}

}  // namespace lsms::net::detail
