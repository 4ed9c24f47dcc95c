#include "scu.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/dimse.h>

#include <map>
#include <set>

namespace lsms::net {

void storeFiles(const PacsPeer& peer, const std::vector<std::filesystem::path>& files) {
    if (files.empty()) throw PacsError("no files to send");
    // One context per SOP class, offering each file's own transfer syntax
    // first: nothing is recompressed or decompressed on the way.
    std::map<std::string, std::set<std::string>> syntaxes;
    for (const auto& f : files) {
        DcmFileFormat ff;
        if (ff.loadFile(f.c_str(), EXS_Unknown, EGL_noChange, 256).bad())
            throw PacsError("cannot send " + f.string() + ": not a readable DICOM file");
        OFString sopClass, xfer;
        ff.getMetaInfo()->findAndGetOFString(DCM_MediaStorageSOPClassUID, sopClass);
        if (sopClass.empty()) ff.getDataset()->findAndGetOFString(DCM_SOPClassUID, sopClass);
        ff.getMetaInfo()->findAndGetOFString(DCM_TransferSyntaxUID, xfer);
        if (sopClass.empty()) throw PacsError("cannot send " + f.string() + ": it has no SOP Class UID");
        syntaxes[sopClass.c_str()].insert(xfer.empty() ? UID_LittleEndianExplicitTransferSyntax : xfer.c_str());
    }
    if (syntaxes.size() > 127) throw PacsError("cannot send more than 127 kinds of object in one association");
    detail::Scu scu(peer);
    for (const auto& [sopClass, own] : syntaxes) {
        OFList<OFString> offer;
        for (const auto& x : own) offer.push_back(x.c_str());
        for (const auto& x : detail::uncompressedSyntaxes())
            if (!own.count(x.c_str())) offer.push_back(x);
        scu.addPresentationContext(sopClass.c_str(), offer);
    }
    scu.setDatasetConversionMode(OFTrue);  // if the PACS takes only uncompressed, DCMTK converts
    scu.open();
    for (const auto& f : files) {
        Uint16 status = 0;
        scu.check(scu.sendSTORERequest(0, f.c_str(), nullptr, status), "sending " + f.filename().string() + " failed");
        // Success and the three warnings (coerced, elements discarded, data set does not match) are stored.
        if (status != STATUS_Success && status != STATUS_STORE_Warning_CoercionOfDataElements &&
            status != STATUS_STORE_Warning_ElementsDiscarded && status != STATUS_STORE_Warning_DataSetDoesNotMatchSOPClass)
            throw PacsError(detail::describe(peer) + " refused " + f.string() + ": status " + detail::statusText(status));
    }
}

}  // namespace lsms::net
