#include "multipart.h"

#include <algorithm>
#include <cctype>

namespace lsms::net::detail {

std::string boundaryOf(const std::string& contentType) {
    std::string lower = contentType;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    const auto at = lower.find("boundary=");
    if (at == std::string::npos) return {};
    std::string b = contentType.substr(at + 9);
    if (!b.empty() && b.front() == '"') {
        const auto close = b.find('"', 1);
        return close == std::string::npos ? std::string() : b.substr(1, close - 1);
    }
    const auto end = b.find_first_of("; \r\n");
    return end == std::string::npos ? b : b.substr(0, end);
}

MultipartReader::MultipartReader(std::string boundary, std::function<bool(std::string_view)> onPart)
    : delimiter_("--" + std::move(boundary)), onPart_(std::move(onPart)) {}

bool MultipartReader::feed(std::string_view bytes) {
    if (finished_) return true;
    buffer_.append(bytes);
    return drain();
}

bool MultipartReader::drain() {
    for (;;) {
        if (state_ == State::Preamble) {
            const auto at = buffer_.find(delimiter_);
            if (at == std::string::npos) return true;
            const auto eol = buffer_.find("\r\n", at);
            if (eol == std::string::npos) return true;
            if (buffer_.compare(at + delimiter_.size(), 2, "--") == 0) {
                finished_ = true;
                return true;
            }
            buffer_.erase(0, eol + 2);
            state_ = State::Headers;
        } else if (state_ == State::Headers) {
            const auto end = buffer_.find("\r\n\r\n");
            if (end == std::string::npos) {
                if (buffer_.rfind("\r\n", 0) == 0) {  // a part without headers
                    buffer_.erase(0, 2);
                    state_ = State::Body;
                    continue;
                }
                return true;
            }
            buffer_.erase(0, end + 4);
            state_ = State::Body;
        } else {
            const std::string close = "\r\n" + delimiter_;
            const auto at = buffer_.find(close);
            if (at == std::string::npos) return true;
            ++parts_;
            if (!onPart_(std::string_view(buffer_).substr(0, at))) return false;
            buffer_.erase(0, at + 2);  // leave the delimiter for the preamble state
            state_ = State::Preamble;
        }
    }
}

std::string multipartBody(const std::string& boundary, const std::vector<std::string>& parts, const std::string& partType) {
    std::string body;
    for (const auto& p : parts) {
        body += "--" + boundary + "\r\nContent-Type: " + partType + "\r\n\r\n";
        body += p;
        body += "\r\n";
    }
    body += "--" + boundary + "--\r\n";
    return body;
}

}  // namespace lsms::net::detail
