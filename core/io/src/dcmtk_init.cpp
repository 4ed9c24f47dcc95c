#include "dcmtk_init.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpls/djdecode.h>
#include <dcmtk/oflog/oflog.h>

#include <mutex>

namespace lsms::detail {

void ensureDcmtkCodecs() {
    static std::once_flag once;
    std::call_once(once, [] {
        // DCMTK logs parser warnings to stderr by default; our callers report
        // problems themselves, one clear line each.
        OFLog::configure(OFLogger::ERROR_LOG_LEVEL);
        DJDecoderRegistration::registerCodecs();
        DJLSDecoderRegistration::registerCodecs();
        DcmRLEDecoderRegistration::registerCodecs();
    });
}

}  // namespace lsms::detail
