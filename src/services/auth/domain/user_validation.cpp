#include "services/auth/domain/user_validation.h"

#include <charconv>
#include <optional>
#include <vector>

#include "core/error.h"
#include "services/auth/domain/nationalities.h"

namespace bh::auth {

namespace {

namespace json = boost::json;
using namespace std::chrono;

constexpr std::size_t kMaxNameChars = 100;
constexpr std::size_t kMaxEmailBytes = 254;

bool is_ascii_alnum(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool is_ascii_letter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

std::size_t utf8_chars(std::string_view text) {
    std::size_t count = 0;
    for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    return count;
}

bool is_blank(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// Collects field problems, then throws them all at once.
class Problems {
  public:
    explicit Problems(const char* what) : what_(what) {}
    void add(std::string field, std::string message) {
        errors_.push_back({std::move(field), std::move(message)});
    }
    void throw_if_any() const {
        if (errors_.empty()) return;
        std::string message = std::string("Invalid ") + what_ + ": ";
        for (std::size_t i = 0; i < errors_.size(); ++i) {
            message += (i ? ", " : "") + errors_[i].field + " " + errors_[i].message;
        }
        throw bad_request(message).with_fields(errors_);
    }

    // A required string member: absent, null, not a string or blank are each reported.
    std::optional<std::string> required_text(const json::object& body, std::string_view field) {
        const auto* value = body.if_contains(field);
        if (value == nullptr || value->is_null()) {
            add(std::string(field), "must not be empty");
            return std::nullopt;
        }
        if (!value->is_string()) {
            add(std::string(field), "must be a string");
            return std::nullopt;
        }
        std::string text(value->as_string());
        if (is_blank(text)) {
            add(std::string(field), "must not be empty");
            return std::nullopt;
        }
        return text;
    }
    std::optional<std::string> optional_text(const json::object& body, std::string_view field) {
        const auto* value = body.if_contains(field);
        if (value == nullptr || value->is_null()) return std::nullopt;
        if (!value->is_string()) {
            add(std::string(field), "must be a string");
            return std::nullopt;
        }
        return std::string(value->as_string());
    }

  private:
    const char* what_;
    std::vector<FieldError> errors_;
};

std::optional<year_month_day> parse_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    int y = 0;
    unsigned m = 0;
    unsigned d = 0;
    auto number = [&](std::size_t at, std::size_t len, auto& out) {
        for (std::size_t i = at; i < at + len; ++i)
            if (!is_digit(text[i])) return false;
        return std::from_chars(text.data() + at, text.data() + at + len, out).ec == std::errc();
    };
    if (!number(0, 4, y) || !number(5, 2, m) || !number(8, 2, d)) return std::nullopt;
    year_month_day date{year{y}, month{m}, day{d}};
    if (!date.ok()) return std::nullopt;
    return date;
}

void check_name(Problems& problems, const std::optional<std::string>& value, const char* field) {
    if (value && utf8_chars(*value) > kMaxNameChars) problems.add(field, "must be at most 100 characters");
}

bool is_valid_nif(std::string_view nif) {
    if (nif.empty() || nif.size() > 20) return false;
    for (char c : nif)
        if (!is_ascii_alnum(c)) return false;
    return true;
}

// E.164-like: an optional '+', then 6 to 15 digits.
bool is_valid_phone(std::string_view phone) {
    if (!phone.empty() && phone.front() == '+') phone.remove_prefix(1);
    if (phone.size() < 6 || phone.size() > 15) return false;
    for (char c : phone)
        if (!is_digit(c)) return false;
    return true;
}

UserProfile parse_profile(Problems& problems, const json::object& body, sys_days today) {
    UserProfile profile;
    auto first_name = problems.required_text(body, "firstName");
    auto last_name = problems.required_text(body, "lastName");
    auto nif = problems.required_text(body, "nif");
    auto email = problems.required_text(body, "email");
    auto date_of_birth = problems.required_text(body, "dateOfBirth");
    auto nationality = problems.required_text(body, "nationality");
    auto gender = problems.required_text(body, "gender");
    auto phone = problems.required_text(body, "phoneNumber");

    check_name(problems, first_name, "firstName");
    check_name(problems, last_name, "lastName");
    if (nif && !is_valid_nif(*nif)) problems.add("nif", "must be 1 to 20 letters or digits");
    if (email && !is_valid_email(*email)) problems.add("email", "Invalid email format");
    if (date_of_birth) {
        auto date = parse_date(*date_of_birth);
        if (!date) {
            problems.add("dateOfBirth", "must be a date in the format yyyy-MM-dd");
        } else if (sys_days{*date} >= today) {
            problems.add("dateOfBirth", "must be in the past");
        } else if (date->year() < year{1900}) {
            problems.add("dateOfBirth", "must be after 1900-01-01");
        } else {
            profile.date_of_birth = *date;
        }
    }
    if (nationality && !is_known_nationality(*nationality))
        problems.add("nationality", "is not a known nationality");
    if (gender && *gender != "Male" && *gender != "Female") problems.add("gender", "must be Male or Female");
    if (phone && !is_valid_phone(*phone))
        problems.add("phoneNumber", "must be an optional + and 6 to 15 digits");

    profile.first_name = first_name.value_or("");
    profile.last_name = last_name.value_or("");
    profile.nif = nif.value_or("");
    profile.email = email.value_or("");
    profile.nationality = nationality.value_or("");
    profile.gender = gender.value_or("");
    profile.phone_number = phone.value_or("");
    return profile;
}

void check_new_password(Problems& problems, const std::optional<std::string>& password, const char* field) {
    if (!password) return;
    if (auto problem = password_problem(*password); !problem.empty()) problems.add(field, problem);
}

}  // namespace

bool is_valid_email(std::string_view email) {
    if (email.size() > kMaxEmailBytes) return false;
    const auto at = email.find('@');
    if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos)
        return false;
    for (char c : email.substr(0, at)) {
        if (!is_ascii_alnum(c) && c != '+' && c != '_' && c != '.' && c != '-') return false;
    }
    const auto domain = email.substr(at + 1);
    const auto dot = domain.rfind('.');
    if (dot == std::string_view::npos || dot == 0) return false;
    for (char c : domain.substr(0, dot)) {
        if (!is_ascii_alnum(c) && c != '.' && c != '-') return false;
    }
    const auto tld = domain.substr(dot + 1);
    if (tld.size() < 2 || tld.size() > 6) return false;
    for (char c : tld)
        if (!is_ascii_letter(c)) return false;
    return true;
}

std::string password_problem(std::string_view password) {
    const auto chars = utf8_chars(password);
    if (chars < kMinPasswordChars) return "must be at least 8 characters";
    if (chars > kMaxPasswordChars) return "must be at most 128 characters";
    return {};
}

Registration parse_registration(const json::object& body, sys_days today) {
    Problems problems("user data");
    Registration registration;
    registration.profile = parse_profile(problems, body, today);
    auto password = problems.required_text(body, "password");
    check_new_password(problems, password, "password");
    problems.throw_if_any();
    registration.password = std::move(*password);
    return registration;
}

ProfileUpdate parse_profile_update(const json::object& body, sys_days today) {
    Problems problems("user data");
    ProfileUpdate update;
    auto id = problems.required_text(body, "id");
    if (id) {
        if (auto parsed = UserId::parse(*id)) {
            update.id = *parsed;
        } else {
            problems.add("id", "must be a UUID");
        }
    }
    update.profile = parse_profile(problems, body, today);
    auto current = problems.required_text(body, "password");
    auto next = problems.optional_text(body, "newPassword");
    check_new_password(problems, next, "newPassword");
    problems.throw_if_any();
    update.current_password = std::move(*current);
    update.new_password = next.value_or("");
    return update;
}

SignInRequest parse_sign_in(const json::object& body) {
    Problems problems("sign-in request");
    auto email = problems.required_text(body, "email");
    auto password = problems.required_text(body, "password");
    if (email && !is_valid_email(*email)) problems.add("email", "Invalid email format");
    if (password && utf8_chars(*password) > kMaxPasswordChars)
        problems.add("password", "must be at most 128 characters");
    problems.throw_if_any();
    return {std::move(*email), std::move(*password)};
}

DeleteRequest parse_delete(const json::object& body) {
    Problems problems("delete request");
    auto id = problems.required_text(body, "id");
    auto password = problems.required_text(body, "password");
    DeleteRequest request;
    if (id) {
        if (auto parsed = UserId::parse(*id)) {
            request.id = *parsed;
        } else {
            problems.add("id", "must be a UUID");
        }
    }
    if (password && utf8_chars(*password) > kMaxPasswordChars)
        problems.add("password", "must be at most 128 characters");
    problems.throw_if_any();
    request.password = std::move(*password);
    return request;
}

ResetPasswordRequest parse_reset_password(const json::object& body) {
    Problems problems("reset request");
    auto token = problems.required_text(body, "token");
    auto password = problems.required_text(body, "newPassword");
    if (token && token->size() > 256) problems.add("token", "must be at most 256 characters");
    check_new_password(problems, password, "newPassword");
    problems.throw_if_any();
    return {std::move(*token), std::move(*password)};
}

UserId parse_user_id(const std::string* text, std::string_view field) {
    if (text == nullptr || text->empty()) {
        throw bad_request("Invalid request: " + std::string(field) + " must not be empty")
            .with_fields({{std::string(field), "must not be empty"}});
    }
    auto id = UserId::parse(*text);
    if (!id) {
        throw bad_request("Invalid request: " + std::string(field) + " must be a UUID")
            .with_fields({{std::string(field), "must be a UUID"}});
    }
    return *id;
}

}  // namespace bh::auth
