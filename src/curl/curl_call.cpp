// libcurl behind CurlCall: one easy handle per exchange (no shared state between threads but
// curl's global init, done once).
#include "curl/curl_call.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

#include "core/error.h"

namespace bh::curl {

namespace {

constexpr std::size_t kMaxHeaders = 100;

void global_init_once() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct EasyDeleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct ListDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

struct Sink {
    CURL* handle = nullptr;
    const CurlCall* call = nullptr;
    CurlOutcome* outcome = nullptr;
    bool file_failed = false;
};

struct Source {
    const std::string* body = nullptr;
    std::size_t offset = 0;
    std::FILE* file = nullptr;
};

std::size_t on_write(char* data, std::size_t size, std::size_t count, void* user) {
    auto& sink = *static_cast<Sink*>(user);
    const std::size_t bytes = size * count;
    long status = 0;
    curl_easy_getinfo(sink.handle, CURLINFO_RESPONSE_CODE, &status);
    const bool success = status >= 200 && status < 300;
    if (!success) {
        auto& body = sink.outcome->body;
        const std::size_t limit = sink.call->max_error_bytes;
        body.append(data, std::min(bytes, limit - std::min(body.size(), limit)));
        return bytes;
    }
    if (sink.call->response_file != nullptr) {
        if (std::fwrite(data, 1, bytes, sink.call->response_file) != bytes) {
            sink.file_failed = true;
            return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
        }
        return bytes;
    }
    if (sink.outcome->body.size() + bytes > sink.call->max_response_bytes) {
        sink.outcome->too_large = true;
        return 0;
    }
    sink.outcome->body.append(data, bytes);
    return bytes;
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0)
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) text.remove_suffix(1);
    return text;
}

// One header line per call, status lines included: a status line starts a new response (after a
// "100 Continue" or a redirect), whose headers replace the previous ones.
std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto& headers = *static_cast<std::vector<std::pair<std::string, std::string>>*>(user);
    const std::size_t bytes = size * count;
    const std::string_view line(data, bytes);
    if (line.starts_with("HTTP/")) {
        headers.clear();
        return bytes;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || headers.size() >= kMaxHeaders) return bytes;
    headers.emplace_back(std::string(trimmed(line.substr(0, colon))),
                         std::string(trimmed(line.substr(colon + 1))));
    return bytes;
}

std::size_t on_read(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto& source = *static_cast<Source*>(user);
    const std::size_t room = size * count;
    if (source.body != nullptr) {
        const std::size_t n = std::min(room, source.body->size() - source.offset);
        std::copy_n(source.body->data() + source.offset, n, buffer);  // curl's buffer: no terminator wanted
        source.offset += n;
        return n;
    }
    if (source.file == nullptr) return 0;
    const std::size_t n = std::fread(buffer, 1, room, source.file);
    if (n == 0 && std::ferror(source.file) != 0) return CURL_READFUNC_ABORT;
    return n;
}

void check(CURLcode code) {
    if (code != CURLE_OK) throw internal(std::string("curl_easy_setopt: ") + curl_easy_strerror(code));
}

}  // namespace

CurlOutcome perform(const CurlCall& call) {
    global_init_once();
    std::unique_ptr<CURL, EasyDeleter> handle(curl_easy_init());
    if (!handle) throw internal("curl_easy_init failed");
    CURL* h = handle.get();

    CurlOutcome outcome;
    Sink sink{h, &call, &outcome};
    Source source{call.body, 0, call.body_file};
    char error_text[CURL_ERROR_SIZE] = {};

    check(curl_easy_setopt(h, CURLOPT_URL, call.url.c_str()));
    check(curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L));
    check(curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_text));
    check(curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(call.timeout.count())));
    check(curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                           static_cast<long>(std::min(call.connect_timeout, call.timeout).count())));
    check(curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https"));
    check(curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write));
    check(curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink));
    check(curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header));
    check(curl_easy_setopt(h, CURLOPT_HEADERDATA, &outcome.headers));

    const bool sends_body = call.method == "PUT" || call.method == "POST";
    const auto body_size = call.body != nullptr ? call.body->size() : call.body_size;
    if (sends_body) {
        check(curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read));
        check(curl_easy_setopt(h, CURLOPT_READDATA, &source));
    }
    if (call.method == "HEAD") {
        check(curl_easy_setopt(h, CURLOPT_NOBODY, 1L));
    } else if (call.method == "PUT") {
        check(curl_easy_setopt(h, CURLOPT_UPLOAD, 1L));
        check(curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(body_size)));
    } else if (call.method == "POST") {
        check(curl_easy_setopt(h, CURLOPT_POST, 1L));
        check(curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body_size)));
    } else if (call.method != "GET") {
        check(curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, call.method.c_str()));
    }

    std::unique_ptr<curl_slist, ListDeleter> headers;
    for (const auto& header : call.headers) {
        curl_slist* appended = curl_slist_append(headers.get(), header.c_str());
        if (appended == nullptr) throw internal("curl_slist_append failed");
        static_cast<void>(headers.release());
        headers.reset(appended);
    }
    // A PUT (or a large POST) would otherwise send "Expect: 100-continue" and wait for the server's
    // go-ahead.
    if (sends_body) {
        curl_slist* appended = curl_slist_append(headers.get(), "Expect:");
        if (appended == nullptr) throw internal("curl_slist_append failed");
        static_cast<void>(headers.release());
        headers.reset(appended);
    }
    if (headers) check(curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get()));
    if (!call.aws_sigv4.empty()) {
        check(curl_easy_setopt(h, CURLOPT_AWS_SIGV4, call.aws_sigv4.c_str()));
        check(curl_easy_setopt(h, CURLOPT_USERPWD, call.user_password.c_str()));
    }

    const CURLcode result = curl_easy_perform(h);
    if (result != CURLE_OK) {
        if (outcome.too_large) return outcome;
        std::string detail = call.service;
        detail.append(" ").append(call.method).append(": ");
        detail.append(error_text[0] != '\0' ? error_text : curl_easy_strerror(result));
        if (result == CURLE_OPERATION_TIMEDOUT)
            throw timeout(call.service + " did not answer in time", detail);
        if (sink.file_failed) throw internal(detail + " (writing the local file failed)");
        throw unavailable(call.service + " is unavailable", detail);
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &outcome.status);
    return outcome;
}

std::optional<std::string> CurlOutcome::header(std::string_view name) const {
    const auto same = [name](const std::string& candidate) {
        return candidate.size() == name.size() &&
               std::equal(candidate.begin(), candidate.end(), name.begin(), [](char a, char b) {
                   return std::tolower(static_cast<unsigned char>(a)) ==
                          std::tolower(static_cast<unsigned char>(b));
               });
    };
    for (const auto& [key, value] : headers) {
        if (same(key)) return value;
    }
    return std::nullopt;
}

}  // namespace bh::curl
