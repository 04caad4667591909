#include "http/error_response.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

namespace bh::http {

namespace {

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool mentions_word(std::string_view text, std::string_view word) {
    if (word.empty()) return false;
    for (auto at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
        const bool starts = at == 0 || !is_word_char(text[at - 1]);
        const auto end = at + word.size();
        const bool ends = end == text.size() || !is_word_char(text[end]);
        if (starts && ends) return true;
    }
    return false;
}

}  // namespace

std::string readable_message(std::string_view message, const std::vector<FieldError>& fields) {
    std::string missing;
    for (const auto& f : fields) {
        if (mentions_word(message, f.field) ||
            (!f.message.empty() && message.find(f.message) != std::string_view::npos))
            continue;
        missing += (missing.empty() ? "" : ", ") + f.field + " " + f.message;
    }
    if (missing.empty()) return std::string(message);
    if (message.empty()) return missing;
    return std::string(message) + " (" + missing + ")";
}

int status_for(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::BadRequest:
            return 400;
        case ErrorKind::Unauthorized:
            return 401;
        case ErrorKind::Forbidden:
            return 403;
        case ErrorKind::NotFound:
            return 404;
        case ErrorKind::MethodNotAllowed:
            return 405;
        case ErrorKind::Conflict:
            return 409;
        case ErrorKind::PayloadTooLarge:
            return 413;
        case ErrorKind::HeadersTooLarge:
            return 431;
        case ErrorKind::TooManyRequests:
            return 429;
        case ErrorKind::Unavailable:
            return 503;
        case ErrorKind::Timeout:
            return 504;
        case ErrorKind::Internal:
            return 500;
    }
    return 500;
}

ErrorFormat error_format(std::string_view accept) {
    return accept.find("application/problem+json") == std::string_view::npos ? ErrorFormat::Text
                                                                             : ErrorFormat::Structured;
}

Response error_response(const AppError& error, ErrorFormat format) {
    const int status = status_for(error.kind());
    const auto& field_errors = error.field_errors();
    boost::json::object body{{"message", readable_message(error.public_message(), field_errors)},
                             {"status", status},
                             {"errorCode", error.code()}};
    if (!field_errors.empty() && format == ErrorFormat::Text) {
        // The seed's flat map: key and value the same line. A line never collides with message,
        // status or errorCode (it holds ": ").
        for (const auto& f : field_errors) {
            const std::string line = f.field + ": " + f.message;
            body[line] = line;
        }
    } else if (!field_errors.empty()) {
        boost::json::array list;
        for (const auto& f : field_errors) list.push_back({{"field", f.field}, {"message", f.message}});
        body["errors"] = std::move(list);
    }
    auto response = Response::json(status, body);
    if (format == ErrorFormat::Structured) response.content_type = "application/problem+json";
    if (error.retry_after())
        response.with_header("Retry-After", std::to_string(error.retry_after()->count()));
    return response;
}

Response error_response(const std::exception_ptr& error, std::string_view request_id, ErrorFormat format) {
    try {
        std::rethrow_exception(error);
    } catch (const AppError& e) {
        if (e.kind() == ErrorKind::Internal || !e.detail().empty()) {
            spdlog::log(e.kind() == ErrorKind::Internal ? spdlog::level::err : spdlog::level::warn,
                        "request {}: {} {}", request_id, e.code(), e.detail());
        }
        return error_response(e, format);
    } catch (const std::exception& e) {
        spdlog::error("request {}: unhandled exception: {}", request_id, e.what());
    } catch (...) {
        spdlog::error("request {}: unhandled non-standard exception", request_id);
    }
    return error_response(internal({}));
}

}  // namespace bh::http
