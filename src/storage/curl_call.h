#pragma once
// One blocking HTTP exchange through libcurl, with a deadline, for the S3 store and the Stripe client. Runs
// on a blocking-pool thread (never on an I/O thread). The body comes from memory or a file; the response body
// goes to memory (bounded) or a file. Transport failures become AppError (Timeout when the deadline passed,
// Unavailable otherwise); HTTP statuses are the caller's.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bh::storage {

struct CurlCall {
    std::string method = "GET";           // GET, HEAD, PUT, POST (body from `body`), DELETE
    std::string peer = "object storage";  // names the server in transport errors' details
    std::string url;
    std::vector<std::string> headers;  // "Name: value"
    std::string aws_sigv4;             // "aws:amz:<region>:s3", empty = unsigned
    std::string user_password;         // "access:secret" for SigV4

    // Request body: `body` when set, else `body_file` (read from its current position) with
    // `body_size` bytes; neither = no body.
    const std::string* body = nullptr;
    std::FILE* body_file = nullptr;
    std::uint64_t body_size = 0;

    // Response body of a 2xx answer: into `response_file` when set, else into memory, refused
    // beyond `max_response_bytes` (see CurlOutcome::too_large). Error answers always go to memory
    // (their first 4 KiB).
    std::FILE* response_file = nullptr;
    std::size_t max_response_bytes = 1 << 20;

    std::chrono::milliseconds timeout{30'000};
    std::chrono::milliseconds connect_timeout{5'000};
};

struct CurlOutcome {
    long status = 0;
    std::string body;        // 2xx body (in-memory mode) or the error document
    bool too_large = false;  // the 2xx body exceeded max_response_bytes (status is then meaningless)
};

// Throws AppError Timeout / Unavailable for transport failures.
CurlOutcome perform(const CurlCall& call);

// The <Code> of an S3 XML error document, or "" ("NoSuchKey", "SignatureDoesNotMatch", ...).
std::string s3_error_code(std::string_view body);

}  // namespace bh::storage
