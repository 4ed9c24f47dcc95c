#pragma once
// A multipart/related body (RFC 2387) read as it arrives: each complete part
// is handed on and dropped, so a study never sits in memory whole.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace lsms::net::detail {

// The boundary parameter of a Content-Type, without quotes; empty if none.
std::string boundaryOf(const std::string& contentType);

class MultipartReader {
public:
    // onPart(content) for each part; return false to stop.
    MultipartReader(std::string boundary, std::function<bool(std::string_view)> onPart);
    bool feed(std::string_view bytes);  // false once onPart asked to stop
    bool finished() const { return finished_; }  // the closing delimiter was seen
    std::size_t parts() const { return parts_; }

private:
    bool drain();
    std::string delimiter_;  // "--" + boundary
    std::function<bool(std::string_view)> onPart_;
    std::string buffer_;
    enum class State { Preamble, Headers, Body } state_ = State::Preamble;
    bool finished_ = false;
    std::size_t parts_ = 0;
};

// A multipart/related body of DICOM files for STOW-RS.
std::string multipartBody(const std::string& boundary, const std::vector<std::string>& parts, const std::string& partType);

}  // namespace lsms::net::detail
