#include "http.h"

#include <curl/curl.h>

#include <memory>

namespace lsms::net::detail {

namespace {

struct Transfer {
    const HttpRequest* request;
    HttpAnswer* answer;
    bool stopped = false;
};

std::size_t onBody(char* data, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::size_t n = size * count;
    // Only a successful answer is streamed; an error page is kept to be reported.
    if (t->request->onData && t->answer->status >= 200 && t->answer->status < 300) {
        if (!t->request->onData(std::string_view(data, n), t->answer->contentType)) {
            t->stopped = true;
            return 0;
        }
        return n;
    }
    t->answer->body.append(data, n);
    return n;
}

std::size_t onHeader(char* data, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::string line(data, size * count);
    if (line.rfind("HTTP/", 0) == 0) {
        const auto space = line.find(' ');
        if (space != std::string::npos) t->answer->status = std::atol(line.c_str() + space + 1);
        t->answer->contentType.clear();
    } else if (line.size() > 13 && (line.rfind("Content-Type:", 0) == 0 || line.rfind("content-type:", 0) == 0)) {
        std::string v = line.substr(13);
        while (!v.empty() && (v.front() == ' ')) v.erase(0, 1);
        while (!v.empty() && (v.back() == '\r' || v.back() == '\n')) v.pop_back();
        t->answer->contentType = v;
    }
    return size * count;
}

void curlInit() {
    static const bool done = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    if (!done) throw PacsError("cannot start libcurl");
}

}  // namespace

std::string escape(const std::string& value) {
    curlInit();
    std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
    // The DICOM wildcards and the name separator go as they are: Orthanc's
    // DICOMweb plugin matched nothing for %2A, %3F or %5E (seen with 1.10),
    // and a query component may carry * and ? (RFC 3986) and, in practice, ^.
    std::string s, part;
    auto flush = [&] {
        if (part.empty()) return;
        char* e = curl_easy_escape(curl.get(), part.c_str(), int(part.size()));
        s += e ? e : "";
        curl_free(e);
        part.clear();
    };
    for (const char c : value) {
        if (c == '*' || c == '?' || c == '^') {
            flush();
            s += c;
        } else {
            part += c;
        }
    }
    flush();
    return s;
}

HttpAnswer send(const WebServer& server, const HttpRequest& request, bool* stopped) {
    curlInit();
    if (server.url.rfind("http://", 0) != 0 && server.url.rfind("https://", 0) != 0)
        throw PacsError("DICOMweb URL '" + server.url + "' must start with http:// or https://");
    std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) throw PacsError("cannot start libcurl");
    HttpAnswer answer;
    Transfer t{&request, &answer};
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    const long timeout = server.timeoutSeconds > 0 ? server.timeoutSeconds : 30;
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout);
    // A stalled transfer, not a long one, is a timeout: a study may take minutes.
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, timeout);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, onBody);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, onHeader);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!server.caFile.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, server.caFile.c_str());
    if (!server.user.empty()) {
        curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        curl_easy_setopt(c, CURLOPT_USERNAME, server.user.c_str());
        curl_easy_setopt(c, CURLOPT_PASSWORD, server.password.c_str());
    }
    curl_slist* headers = nullptr;
    for (const auto& h : request.headers) headers = curl_slist_append(headers, h.c_str());
    const std::string bearer = "Authorization: Bearer " + server.bearerToken;
    if (!server.bearerToken.empty()) headers = curl_slist_append(headers, bearer.c_str());
    std::unique_ptr<curl_slist, void (*)(curl_slist*)> headerList(headers, curl_slist_free_all);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    if (request.method == "POST") {
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.size()));
    }
    const CURLcode rc = curl_easy_perform(c);
    if (stopped) *stopped = t.stopped;
    if (rc != CURLE_OK && !(t.stopped && rc == CURLE_WRITE_ERROR)) {
        const std::string where = server.url;
        if (rc == CURLE_COULDNT_CONNECT)
            throw PacsError("cannot reach the DICOMweb server at " + where + ": connection refused (is it running, is the URL right?)");
        if (rc == CURLE_OPERATION_TIMEDOUT)
            throw PacsError("the DICOMweb server at " + where + " sent nothing for " + std::to_string(timeout) + " s");
        if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE || rc == CURLE_SSL_CONNECT_ERROR)
            throw PacsError("the DICOMweb server at " + where + " could not be verified over HTTPS (" + curl_easy_strerror(rc) +
                            "): " + (server.caFile.empty() ? "its certificate is not signed by a CA this system trusts; give its CA file"
                                                           : "check that its certificate is signed by the CA in " + server.caFile +
                                                                 " and names this host"));
        throw PacsError("the request to the DICOMweb server at " + where + " failed: " + curl_easy_strerror(rc));
    }
    if (answer.status == 401 || answer.status == 403)
        throw PacsError("the DICOMweb server at " + server.url + " refused the credentials (HTTP " + std::to_string(answer.status) +
                        "): check the user and password or token");
    return answer;
}

}  // namespace lsms::net::detail
