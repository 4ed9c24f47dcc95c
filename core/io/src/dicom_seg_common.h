#pragma once
// Helpers shared by the DICOM-SEG export and import (private to lsms_io).
#include "lsms/core/error.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/ofstd/ofcond.h>

#include <charconv>
#include <string>

namespace lsms::detail {

// A DICOM DS value: at most 16 characters, '.' as decimal point whatever the
// C locale (the viewer runs under the user's, which may use ',').
inline std::string decimalString(double v) {
    char buf[32];
    std::string s;
    for (int prec = 10; prec > 3; --prec) {
        const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, prec);
        s.assign(buf, r.ptr);
        if (s.size() <= 16) break;
    }
    return s;
}

// Throws `E` with "what: DCMTK's reason" when `c` is bad.
template <typename E = IoError>
void check(const OFCondition& c, const std::string& what) {
    if (c.bad()) throw E(what + ": " + c.text());
}

}  // namespace lsms::detail
