#include "scu.h"

#include <dcmtk/dcmdata/dcuid.h>

namespace lsms::net {

void echo(const PacsPeer& peer) {
    detail::Scu scu(peer);
    scu.addPresentationContext(UID_VerificationSOPClass, detail::uncompressedSyntaxes());
    scu.open();
    scu.check(scu.sendECHORequest(0), "C-ECHO failed");
}

}  // namespace lsms::net
