#pragma once
// One blocking HTTP exchange through libcurl, with a deadline. Shared by the S3 store and the
// Stripe client. Call it on a blocking-pool thread (runtime/offload.h), never on an I/O thread.
// The request body comes from memory or a file; the response body goes to memory (bounded) or a
// file; the response headers are kept. Transport failures become AppError (Timeout when curl's
// timeout passed, Unavailable otherwise); HTTP statuses are the caller's to judge.
// (No file of this module may be named like one of libcurl's headers, e.g. curl.h: src/ is on the
// include path, and <curl/curl.h> must keep finding libcurl's.)
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bh::curl {

struct CurlCall {
    std::string method = "GET";  // GET, HEAD, PUT, POST, DELETE
    std::string url;
    std::vector<std::string> headers;  // "Name: value"
    std::string aws_sigv4;             // "aws:amz:<region>:s3", empty = unsigned
    std::string user_password;         // "access:secret" for SigV4

    // Who is called, for the public message of a transport failure ("Object storage", "Stripe").
    std::string service = "The upstream service";

    // Request body (PUT, POST): `body` when set, else `body_file` (read from its current position)
    // with `body_size` bytes; neither = no body. `body` must outlive perform().
    const std::string* body = nullptr;
    std::FILE* body_file = nullptr;
    std::uint64_t body_size = 0;

    // Response body of a 2xx answer: into `response_file` when set, else into memory, refused
    // beyond `max_response_bytes` (see CurlOutcome::too_large). Error answers always go to memory
    // (their first `max_error_bytes`).
    std::FILE* response_file = nullptr;
    std::size_t max_response_bytes = 1 << 20;
    std::size_t max_error_bytes = 4096;

    std::chrono::milliseconds timeout{30'000};
    std::chrono::milliseconds connect_timeout{5'000};
};

struct CurlOutcome {
    long status = 0;
    std::string body;        // 2xx body (in-memory mode) or the error document
    bool too_large = false;  // the 2xx body exceeded max_response_bytes (status is then meaningless)
    // Headers of the final response, in order, names as sent (at most 100 kept).
    std::vector<std::pair<std::string, std::string>> headers;

    // The value of the first header named `name` (case-insensitive), if any.
    std::optional<std::string> header(std::string_view name) const;
};

// Throws AppError Timeout (curl's timeout or connect timeout passed) / Unavailable (any other
// transport failure), and Internal for a failure of our own (a local file).
CurlOutcome perform(const CurlCall& call);

}  // namespace bh::curl
