#include "redis/reply.h"

#include <ostream>

#include "core/error.h"

namespace bh::redis {

namespace {

constexpr std::size_t kMaxDebugInError = 200;  // keeps a huge unexpected reply out of the log line

[[noreturn]] void wrong_type(const Reply& reply, const char* wanted) {
    std::string got = reply.to_debug_string();
    if (got.size() > kMaxDebugInError) {
        got = got.substr(0, kMaxDebugInError) + "...";
    }
    throw bh::internal(std::string("redis: expected ") + wanted + " reply, got " + got);
}

void append_debug(std::string& out, const Reply& reply) {
    switch (reply.type()) {
        case Reply::Type::Nil:
            out += "nil";
            break;
        case Reply::Type::Integer:
            out += std::to_string(reply.as_integer());
            break;
        case Reply::Type::String:
            out += '"';
            out += reply.as_string();
            out += '"';
            break;
        case Reply::Type::Status:
            out += reply.as_string();
            break;
        case Reply::Type::Error:
            out += "(error) ";
            out += reply.error_message();
            break;
        case Reply::Type::Array: {
            out += '[';
            bool first = true;
            for (const auto& element : reply.as_array()) {
                if (!first) {
                    out += ", ";
                }
                first = false;
                append_debug(out, element);
            }
            out += ']';
            break;
        }
    }
}

}  // namespace

Reply Reply::integer(std::int64_t value) {
    Reply r;
    r.type_ = Type::Integer;
    r.integer_ = value;
    return r;
}

Reply Reply::string(std::string value) {
    Reply r;
    r.type_ = Type::String;
    r.text_ = std::move(value);
    return r;
}

Reply Reply::status(std::string value) {
    Reply r;
    r.type_ = Type::Status;
    r.text_ = std::move(value);
    return r;
}

Reply Reply::error(std::string message) {
    Reply r;
    r.type_ = Type::Error;
    r.text_ = std::move(message);
    return r;
}

Reply Reply::array(std::vector<Reply> elements) {
    Reply r;
    r.type_ = Type::Array;
    r.elements_ = std::move(elements);
    return r;
}

bool Reply::is_error_kind(std::string_view prefix) const {
    if (!is_error() || !std::string_view(text_).starts_with(prefix)) {
        return false;
    }
    return text_.size() == prefix.size() || text_[prefix.size()] == ' ';
}

std::int64_t Reply::as_integer() const {
    if (!is_integer()) {
        wrong_type(*this, "integer");
    }
    return integer_;
}

const std::string& Reply::as_string() const {
    if (!is_string() && !is_status()) {
        wrong_type(*this, "string");
    }
    return text_;
}

const std::vector<Reply>& Reply::as_array() const {
    if (!is_array()) {
        wrong_type(*this, "array");
    }
    return elements_;
}

std::optional<std::string> Reply::as_optional_string() const {
    if (is_nil()) {
        return std::nullopt;
    }
    return as_string();
}

const std::string& Reply::error_message() const {
    static const std::string kEmpty;
    return is_error() ? text_ : kEmpty;
}

std::string Reply::to_debug_string() const {
    std::string out;
    append_debug(out, *this);
    return out;
}

std::ostream& operator<<(std::ostream& out, const Reply& reply) {
    return out << reply.to_debug_string();
}

const char* to_string(Reply::Type type) {
    switch (type) {
        case Reply::Type::Nil:
            return "nil";
        case Reply::Type::Integer:
            return "integer";
        case Reply::Type::String:
            return "string";
        case Reply::Type::Status:
            return "status";
        case Reply::Type::Error:
            return "error";
        case Reply::Type::Array:
            return "array";
    }
    return "unknown";
}

}  // namespace bh::redis
