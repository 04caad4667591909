#pragma once
// One Redis reply as a plain value: what a command answered, detached from hiredis so callers and
// tests never see the C library's types. Error replies are values too (a WRONGTYPE or NOSCRIPT is an
// answer, not a broken connection); the typed accessors throw bh::AppError Internal when the server
// answered something the caller did not expect.
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bh::redis {

class Reply {
  public:
    enum class Type { Nil, Integer, String, Status, Error, Array };

    Reply() = default;  // nil
    static Reply nil() { return {}; }
    static Reply integer(std::int64_t value);
    static Reply string(std::string value);
    static Reply status(std::string value);
    static Reply error(std::string message);
    static Reply array(std::vector<Reply> elements);

    Type type() const { return type_; }
    bool is_nil() const { return type_ == Type::Nil; }
    bool is_integer() const { return type_ == Type::Integer; }
    bool is_string() const { return type_ == Type::String; }
    bool is_status() const { return type_ == Type::Status; }
    bool is_error() const { return type_ == Type::Error; }
    bool is_array() const { return type_ == Type::Array; }
    // A status reply equal to `expected`, e.g. is_status("OK").
    bool is_status(std::string_view expected) const { return is_status() && text_ == expected; }
    // True for an error reply whose first word is `prefix` (e.g. "NOSCRIPT", "WRONGTYPE").
    bool is_error_kind(std::string_view prefix) const;

    // Typed access; throws AppError Internal on any other type (including an error reply).
    std::int64_t as_integer() const;
    const std::string& as_string() const;  // String or Status
    const std::vector<Reply>& as_array() const;
    // Nil becomes nullopt, String/Status their text; anything else throws.
    std::optional<std::string> as_optional_string() const;
    // The message of an error reply (empty for other types).
    const std::string& error_message() const;

    // A short human form for logs and test failures, e.g. [1, "a", nil, (error) ERR x].
    std::string to_debug_string() const;

    friend bool operator==(const Reply&, const Reply&) = default;

  private:
    Type type_ = Type::Nil;
    std::int64_t integer_ = 0;
    std::string text_;  // String, Status, Error
    std::vector<Reply> elements_;
};

const char* to_string(Reply::Type type);
// The debug form (readable test failures).
std::ostream& operator<<(std::ostream& out, const Reply& reply);

}  // namespace bh::redis
