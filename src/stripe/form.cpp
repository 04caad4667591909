// Form encoding for Stripe requests (see form.h).
#include "stripe/form.h"

#include <boost/json/value.hpp>

#include "core/json_text.h"

namespace bh::stripe {

namespace {

bool stays_as_is(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '*' ||
           c == '-' || c == '.' || c == '_';
}

}  // namespace

std::string percent_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (stays_as_is(c)) {
            out.push_back(ch);
        } else if (c == ' ') {
            out.push_back('+');
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 0x0F]);
        }
    }
    return out;
}

std::string encode_form(const Form& form) {
    std::string out;
    for (const auto& [key, value] : form) {
        if (!out.empty()) out.push_back('&');
        out.append(percent_encode(key));
        out.push_back('=');
        out.append(percent_encode(value));
    }
    return out;
}

void add_if_set(Form& form, std::string key, std::string value) {
    if (!value.empty()) form.emplace_back(std::move(key), std::move(value));
}

void add_metadata(Form& form, std::string_view prefix, const Metadata& metadata) {
    for (const auto& [key, value] : metadata) {
        std::string field(prefix);
        field.append("[").append(key).append("]");
        form.emplace_back(std::move(field), value);
    }
}

void add_flattened(Form& form, const std::string& prefix, const boost::json::value& value) {
    switch (value.kind()) {
        case boost::json::kind::object:
            for (const auto& member : value.get_object()) {
                std::string field = prefix;
                field.append("[").append(member.key()).append("]");
                add_flattened(form, field, member.value());
            }
            return;
        case boost::json::kind::array: {
            const auto& array = value.get_array();
            for (std::size_t i = 0; i < array.size(); ++i) {
                std::string field = prefix;
                field.append("[").append(std::to_string(i)).append("]");
                add_flattened(form, field, array[i]);
            }
            return;
        }
        case boost::json::kind::string:
            form.emplace_back(prefix, std::string(value.get_string()));
            return;
        case boost::json::kind::bool_:
            form.emplace_back(prefix, value.get_bool() ? "true" : "false");
            return;
        case boost::json::kind::null:
            form.emplace_back(prefix, std::string());
            return;
        case boost::json::kind::int64:
        case boost::json::kind::uint64:
        case boost::json::kind::double_:
            form.emplace_back(prefix, json_text(value));
            return;
    }
}

}  // namespace bh::stripe
