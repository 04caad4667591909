#include "http/error_response.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

namespace bh::http {

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

Response error_response(const AppError& error) {
    const int status = status_for(error.kind());
    boost::json::object body{
        {"message", error.public_message()}, {"status", status}, {"errorCode", error.code()}};
    if (!error.field_errors().empty()) {
        boost::json::array fields;
        for (const auto& f : error.field_errors())
            fields.push_back({{"field", f.field}, {"message", f.message}});
        body["errors"] = std::move(fields);
    }
    auto response = Response::json(status, body);
    if (error.retry_after())
        response.with_header("Retry-After", std::to_string(error.retry_after()->count()));
    return response;
}

Response error_response(const std::exception_ptr& error, std::string_view request_id) {
    try {
        std::rethrow_exception(error);
    } catch (const AppError& e) {
        if (e.kind() == ErrorKind::Internal || !e.detail().empty()) {
            spdlog::log(e.kind() == ErrorKind::Internal ? spdlog::level::err : spdlog::level::warn,
                        "request {}: {} {}", request_id, e.code(), e.detail());
        }
        return error_response(e);
    } catch (const std::exception& e) {
        spdlog::error("request {}: unhandled exception: {}", request_id, e.what());
    } catch (...) {
        spdlog::error("request {}: unhandled non-standard exception", request_id);
    }
    return error_response(internal({}));
}

}  // namespace bh::http
