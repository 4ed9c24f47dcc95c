#pragma once
// Helpers shared by the DICOM-SEG export and import (private to lsms_io).
#include "lsms/core/error.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/ofstd/ofcond.h>

#include <cstdio>
#include <string>

namespace lsms::detail {

// A DICOM DS value: at most 16 characters.
inline std::string decimalString(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    std::string s = buf;
    for (int prec = 9; s.size() > 16 && prec > 3; --prec) {
        std::snprintf(buf, sizeof buf, "%.*g", prec, v);
        s = buf;
    }
    return s;
}

// Throws `E` with "what: DCMTK's reason" when `c` is bad.
template <typename E = IoError>
void check(const OFCondition& c, const std::string& what) {
    if (c.bad()) throw E(what + ": " + c.text());
}

}  // namespace lsms::detail
