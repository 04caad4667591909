#include "storage/s3_store.h"

#include <cerrno>
#include <cstdio>
#include <memory>
#include <system_error>

#include "core/error.h"
#include "curl/curl_call.h"
#include "runtime/offload.h"
#include "security/digest.h"
#include "storage/object_key.h"
#include "storage/s3_signing.h"

namespace bh::storage {

namespace {

namespace asio = boost::asio;
using curl::CurlCall;
using curl::CurlOutcome;
using curl::perform;

// SHA-256 of the empty body, the payload hash of GET, HEAD and DELETE.
constexpr const char* kEmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

std::string without_trailing_slash(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

// "http://host:port" -> "host:port"
std::string host_of(std::string_view url) {
    const auto scheme = url.find("://");
    auto rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
    return std::string(rest.substr(0, rest.find('/')));
}

struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

File open_file(const std::filesystem::path& path, const char* mode) {
    File file(std::fopen(path.c_str(), mode));
    if (!file) {
        throw internal("cannot open " + path.string() + ": " + std::system_category().message(errno));
    }
    return file;
}

// The <Code> of an S3 XML error document, or "" ("NoSuchKey", "SignatureDoesNotMatch", ...).
std::string s3_error_code(std::string_view body) {
    const auto start = body.find("<Code>");
    if (start == std::string_view::npos) return {};
    const auto end = body.find("</Code>", start);
    if (end == std::string_view::npos) return {};
    return std::string(body.substr(start + 6, end - start - 6));
}

[[noreturn]] void throw_for_status(const CurlOutcome& outcome, std::string_view what, std::string_view key) {
    const std::string code = s3_error_code(outcome.body);
    const std::string detail =
        std::string(what) + " " + std::string(key) + ": HTTP " + std::to_string(outcome.status) + " " + code;
    if (outcome.status == 404)
        throw AppError(ErrorKind::NotFound, kObjectNotFound, "Stored file not found", detail);
    throw unavailable("Object storage refused the request", detail);
}

}  // namespace

struct S3Store::Blocking {
    const S3Options& options;

    CurlCall call(std::string method, std::string_view key, const std::string& payload_hash,
                  std::chrono::milliseconds deadline) const {
        CurlCall c;
        c.service = "Object storage";
        c.method = std::move(method);
        c.url = options.endpoint + "/" + options.bucket;
        if (!key.empty()) c.url.append("/").append(key);
        c.headers.push_back("x-amz-content-sha256: " + payload_hash);
        c.aws_sigv4 = "aws:amz:" + options.region + ":s3";
        c.user_password = options.access_key + ":" + options.secret_key;
        c.timeout = deadline;
        c.connect_timeout = options.connect_timeout;
        return c;
    }

    void ensure_bucket() const {
        const CurlOutcome head = perform(call("HEAD", "", kEmptyPayloadHash, options.timeout));
        if (head.status == 200) return;
        if (head.status != 404) throw_for_status(head, "HEAD bucket", options.bucket);
        // AWS wants the region spelled out for every region but us-east-1.
        const std::string body =
            options.region == "us-east-1"
                ? std::string()
                : "<CreateBucketConfiguration "
                  "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>" +
                      options.region + "</LocationConstraint></CreateBucketConfiguration>";
        CurlCall create = call("PUT", "", security::sha256_hex(body), options.timeout);
        create.body = &body;
        const CurlOutcome created = perform(create);
        const std::string code = s3_error_code(created.body);
        if (created.status == 200 || code == "BucketAlreadyOwnedByYou") return;
        throw_for_status(created, "create bucket", options.bucket);
    }

    void put(const std::string& key, const std::string& bytes, const std::string& content_type) const {
        CurlCall c = call("PUT", key, security::sha256_hex(bytes), options.timeout);
        c.headers.push_back("Content-Type: " + content_type);
        c.body = &bytes;
        const CurlOutcome outcome = perform(c);
        if (outcome.status != 200) throw_for_status(outcome, "PUT", key);
    }

    void put_file(const std::string& key, const std::filesystem::path& path,
                  const std::string& content_type) const {
        File file = open_file(path, "rb");
        // Streamed: hashing it first would read a big export twice; TLS protects integrity.
        CurlCall c = call("PUT", key, "UNSIGNED-PAYLOAD", options.transfer_timeout);
        c.headers.push_back("Content-Type: " + content_type);
        c.body_file = file.get();
        c.body_size = std::filesystem::file_size(path);
        const CurlOutcome outcome = perform(c);
        if (outcome.status != 200) throw_for_status(outcome, "PUT", key);
    }

    std::string get(const std::string& key, std::size_t max_bytes) const {
        CurlCall c = call("GET", key, kEmptyPayloadHash, options.timeout);
        c.max_response_bytes = max_bytes;
        CurlOutcome outcome = perform(c);
        if (outcome.too_large) {
            throw AppError(ErrorKind::PayloadTooLarge, errc::kPayloadTooLarge, "Stored file is too large",
                           "GET " + key + " exceeds " + std::to_string(max_bytes) + " bytes");
        }
        if (outcome.status != 200) throw_for_status(outcome, "GET", key);
        return std::move(outcome.body);
    }

    void get_to_file(const std::string& key, const std::filesystem::path& path) const {
        File file = open_file(path, "wb");
        CurlCall c = call("GET", key, kEmptyPayloadHash, options.transfer_timeout);
        c.response_file = file.get();
        const CurlOutcome outcome = perform(c);
        if (outcome.status != 200) throw_for_status(outcome, "GET", key);
        if (std::fflush(file.get()) != 0) throw internal("writing " + path.string() + " failed");
    }

    void remove(const std::string& key) const {
        const CurlOutcome outcome = perform(call("DELETE", key, kEmptyPayloadHash, options.timeout));
        if (outcome.status == 204 || outcome.status == 200 || outcome.status == 404) return;
        throw_for_status(outcome, "DELETE", key);
    }
};

S3Store::S3Store(S3Options options, asio::thread_pool& blocking)
    : options_(std::move(options)), blocking_(blocking) {
    options_.endpoint = without_trailing_slash(options_.endpoint);
    options_.public_endpoint = options_.public_endpoint.empty()
                                   ? options_.endpoint
                                   : without_trailing_slash(options_.public_endpoint);
    if (options_.endpoint.empty() || options_.bucket.empty()) {
        throw std::invalid_argument("S3 store: endpoint and bucket are required");
    }
}

asio::awaitable<void> S3Store::ensure_ready() {
    // A named lambda: g++ 12 destroys a temporary in a co_await expression twice.
    auto work = [this] {
        Blocking{options_}.ensure_bucket();
        return true;
    };
    co_await runtime::offload<bool>(blocking_, std::move(work));
}

asio::awaitable<void> S3Store::put(std::string key, std::string bytes, std::string content_type) {
    require_valid_object_key(key);
    // A named lambda: g++ 12 destroys a temporary in a co_await expression twice.
    auto work = [this, key = std::move(key), bytes = std::move(bytes),
                 content_type = std::move(content_type)] {
        Blocking{options_}.put(key, bytes, content_type);
        return true;
    };
    co_await runtime::offload<bool>(blocking_, std::move(work));
}

asio::awaitable<void> S3Store::put_file(std::string key, std::filesystem::path file,
                                        std::string content_type) {
    require_valid_object_key(key);
    // A named lambda: g++ 12 destroys a temporary in a co_await expression twice.
    auto work = [this, key = std::move(key), file = std::move(file), content_type = std::move(content_type)] {
        Blocking{options_}.put_file(key, file, content_type);
        return true;
    };
    co_await runtime::offload<bool>(blocking_, std::move(work));
}

asio::awaitable<std::string> S3Store::get(std::string key, std::size_t max_bytes) {
    require_valid_object_key(key);
    // A named lambda: g++ 12 destroys a temporary in a co_await expression twice.
    auto work = [this, key = std::move(key), max_bytes] { return Blocking{options_}.get(key, max_bytes); };
    co_return co_await runtime::offload<std::string>(blocking_, std::move(work));
}

asio::awaitable<void> S3Store::get_to_file(std::string key, std::filesystem::path file) {
    require_valid_object_key(key);
    // A named lambda: g++ 12 destroys a temporary in a co_await expression twice.
    auto work = [this, key = std::move(key), file = std::move(file)] {
        Blocking{options_}.get_to_file(key, file);
        return true;
    };
    co_await runtime::offload<bool>(blocking_, std::move(work));
}

asio::awaitable<void> S3Store::remove(std::string key) {
    require_valid_object_key(key);
    // A named lambda: g++ 12 destroys a temporary in a co_await expression twice.
    auto work = [this, key = std::move(key)] {
        Blocking{options_}.remove(key);
        return true;
    };
    co_await runtime::offload<bool>(blocking_, std::move(work));
}

std::optional<std::string> S3Store::presigned_get_url(std::string_view key, std::chrono::seconds ttl) const {
    require_valid_object_key(key);
    const std::string path = "/" + options_.bucket + "/" + std::string(key);
    const std::string host = host_of(options_.public_endpoint);
    const PresignInput input{
        .host = host,
        .path = path,
        .region = options_.region,
        .access_key = options_.access_key,
        .secret_key = options_.secret_key,
        .now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()),
        .expires = ttl};
    return options_.public_endpoint + path + "?" + presigned_query(input);
}

}  // namespace bh::storage
