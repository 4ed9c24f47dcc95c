#pragma once
// One association with a PACS: DCMTK's DcmSCU set up from a PacsPeer, with
// DCMTK's conditions turned into one-line PacsErrors that say what to check.
#include "lsms/net/pacs.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmnet/scu.h>

#include <memory>
#include <string>
#include <vector>

class DcmTLSTransportLayer;

namespace lsms::net::detail {

// "the PACS ORTHANC at 127.0.0.1:4242"
std::string describe(const PacsPeer& peer);

// Transfer syntaxes offered for every context: the uncompressed three first.
const OFList<OFString>& uncompressedSyntaxes();
const OFList<OFString>& anySyntaxes();

class Scu : public DcmSCU {
public:
    explicit Scu(const PacsPeer& peer);
    ~Scu() override;
    Scu(const Scu&) = delete;
    Scu& operator=(const Scu&) = delete;

    // Connects and negotiates the contexts added so far; throws PacsError.
    void open();
    // Throws PacsError "<doing> with <the PACS>: <reason>" if `cond` is bad.
    void check(const OFCondition& cond, const std::string& doing) const;
    const PacsPeer& peer() const { return peer_; }

private:
    PacsPeer peer_;
    std::unique_ptr<DcmTLSTransportLayer> tls_;  // DcmSCU uses it, does not own it
};

// The TLS layer for `peer` in `role` (requestor for an SCU), with its CA,
// certificate and key loaded; throws PacsError naming a file it cannot use.
std::unique_ptr<DcmTLSTransportLayer> makeTlsLayer(const PacsPeer& peer, T_ASC_NetworkRole role);

// The identifier of a retrieve (C-GET, C-MOVE): a study, or one of its series.
void retrieveKeys(DcmDataset& keys, const std::string& studyUid, const std::string& seriesUid);

// DICOM status of a response in words: "0xA700 (out of resources)".
std::string statusText(Uint16 status);

}  // namespace lsms::net::detail
