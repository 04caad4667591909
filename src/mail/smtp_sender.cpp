#include "mail/smtp_sender.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>

#include "core/error.h"
#include "core/uuid.h"
#include "mail/mime.h"
#include "runtime/offload.h"

namespace bh::mail {

namespace {

void global_init_once() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct CurlDeleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct ListDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

struct Upload {
    std::string_view data;
    std::size_t offset = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* upload = static_cast<Upload*>(user);
    const std::size_t room = size * count;
    const std::size_t left = upload->data.size() - upload->offset;
    const std::size_t n = std::min(room, left);
    std::memcpy(buffer, upload->data.data() + upload->offset, n);
    upload->offset += n;
    return n;
}

long use_ssl(StartTls mode) {
    switch (mode) {
        case StartTls::None:
            return CURLUSESSL_NONE;
        case StartTls::Try:
            return CURLUSESSL_TRY;
        case StartTls::Required:
            return CURLUSESSL_ALL;
    }
    return CURLUSESSL_ALL;
}

std::string boundary_token() {
    std::string token = Uuid::v7().to_string();
    std::erase(token, '-');
    return token;
}

[[noreturn]] void fail(CURLcode code, long smtp_status, const char* error_buffer, const std::string& to) {
    std::string detail = "smtp: " + std::string(curl_easy_strerror(code));
    if (error_buffer[0] != '\0') detail += " (" + std::string(error_buffer) + ")";
    if (smtp_status != 0) detail += ", last reply " + std::to_string(smtp_status);
    const std::string message = "Failed to send email to: " + to;
    if (code == CURLE_OPERATION_TIMEDOUT)
        throw AppError(ErrorKind::Timeout, kFailedToSendEmail, message, detail);
    throw AppError(ErrorKind::Unavailable, kFailedToSendEmail, message, detail);
}

}  // namespace

SmtpSender::SmtpSender(SmtpOptions options, boost::asio::thread_pool& blocking)
    : options_(std::move(options)), blocking_(blocking) {
    global_init_once();
}

boost::asio::awaitable<void> SmtpSender::send(MailMessage message) {
    // Render on the caller's thread (cheap, and a bad message fails before taking a pool slot).
    if (message.from.address.empty()) message.from = options_.from;
    auto rendered = std::make_shared<std::string>(render_mime(message, boundary_token()));
    auto to = message.to.address;
    const SmtpOptions* options = &options_;
    // A named plain lambda, moved in: g++ 12 mishandles capturing temporaries in co_await expressions.
    auto work = [rendered, to, options, from = message.from.address]() {
        std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
        if (!curl) throw internal("curl_easy_init failed");
        char error_buffer[CURL_ERROR_SIZE] = {};
        std::unique_ptr<curl_slist, ListDeleter> recipients(
            curl_slist_append(nullptr, ("<" + to + ">").c_str()));
        const std::string mail_from = "<" + from + ">";
        Upload upload{*rendered, 0};
        CURL* h = curl.get();
        curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
        curl_easy_setopt(h, CURLOPT_URL, options->url.c_str());
        curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(h, CURLOPT_USE_SSL, use_ssl(options->starttls));
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, options->verify_tls ? 1L : 0L);
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, options->verify_tls ? 2L : 0L);
        if (!options->username.empty()) {
            curl_easy_setopt(h, CURLOPT_USERNAME, options->username.c_str());
            curl_easy_setopt(h, CURLOPT_PASSWORD, options->password.c_str());
        }
        curl_easy_setopt(h, CURLOPT_MAIL_FROM, mail_from.c_str());
        curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
        curl_easy_setopt(h, CURLOPT_READFUNCTION, read_upload);
        curl_easy_setopt(h, CURLOPT_READDATA, &upload);
        curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(rendered->size()));
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options->timeout.count()));
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options->connect_timeout.count()));
        const CURLcode code = curl_easy_perform(h);
        if (code != CURLE_OK) {
            long status = 0;
            curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
            fail(code, status, error_buffer, to);
        }
        return true;
    };
    co_await runtime::offload<bool>(blocking_, std::move(work));
}

}  // namespace bh::mail
