#pragma once
// One HTTP request through libcurl, with the server's authentication and
// timeouts, its failures as one-line PacsErrors.
#include "lsms/net/dicomweb.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace lsms::net::detail {

struct HttpAnswer {
    long status = 0;
    std::string contentType;
    std::string body;  // unless the request streamed it
};

// onData(bytes, contentType) receives a successful answer's body as it
// arrives (return false to stop: the request then ends with `stopped` set);
// without it the body is kept.
struct HttpRequest {
    std::string url;
    std::string method = "GET";
    std::vector<std::string> headers;
    std::string body;
    std::function<bool(std::string_view, const std::string& contentType)> onData;
};

HttpAnswer send(const WebServer& server, const HttpRequest& request, bool* stopped = nullptr);

// "%20"-escaped query value.
std::string escape(const std::string& value);

}  // namespace lsms::net::detail
